package dev.trustplane.server.kms;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.Curve;
import dev.trustplane.kms.EncryptionAlgorithm;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.ReleasePolicy;
import dev.trustplane.kms.SecretBytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Parses Key Vault request bodies into KMS values. Unknown fields are refused (BadParameter) so typos never
 * pass silently; JSON nulls count as absent (the Azure SDKs send them for unset fields). Read-only
 * attributes the SDKs echo back ({@code created}, {@code updated}, {@code recoveryLevel} …) are ignored.
 */
final class KeyRequests {
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Set<String> CREATE = Set.of("kty", "key_size", "public_exponent", "key_ops", "attributes", "tags",
            "crv", "release_policy");
    private static final Set<String> IMPORT = Set.of("key", "Hsm", "attributes", "tags", "release_policy");
    private static final Set<String> UPDATE = Set.of("key_ops", "attributes", "tags", "release_policy");
    private static final Set<String> ATTRIBUTES = Set.of("enabled", "nbf", "exp", "exportable", "created", "updated",
            "recoverableDays", "recoveryLevel", "hsmPlatform");
    private static final Set<String> JWK = Set.of("kid", "kty", "key_ops", "n", "e", "d", "dp", "dq", "qi", "p", "q", "k",
            "key_hsm", "crv", "x", "y");
    private static final Set<String> POLICY = Set.of("contentType", "immutable", "data");
    static final Set<String> CRYPTO = Set.of("alg", "value", "iv", "aad", "tag");
    static final Set<String> SIGN = Set.of("alg", "value");
    static final Set<String> VERIFY = Set.of("alg", "digest", "value");

    private KeyRequests() {}

    static CreateKeyOptions create(JsonNode body) {
        only(body, CREATE, "");
        KeyType kty = KeyType.fromWire(text(body, "kty").orElseThrow(() -> bad("The 'kty' parameter is required.")));
        int size = body.hasNonNull("key_size") ? integer(body, "key_size") : 0;
        int exponent = body.hasNonNull("public_exponent") ? integer(body, "public_exponent") : 0;
        Curve crv = text(body, "crv").map(Curve::fromWire).orElse(null);
        if (kty.family() == KeyType.Family.EC && size != 0) {
            throw bad("'key_size' is not used by EC keys; give 'crv'.");
        }
        return new CreateKeyOptions(kty, size, exponent, crv, settings(body));
    }

    /** Settings of a create request: key_ops at the top level. */
    static KeySettings settings(JsonNode body) {
        return settings(body, keyOps(body));
    }

    /** Settings of an import request: key_ops inside the JWK. */
    static KeySettings importSettings(JsonNode body) {
        return settings(body, keyOps(body.path("key")));
    }

    private static KeySettings settings(JsonNode body, List<KeyOperation> ops) {
        JsonNode attrs = object(body, "attributes");
        only(attrs, ATTRIBUTES, "attributes.");
        return new KeySettings(ops, !attrs.hasNonNull("enabled") || bool(attrs, "enabled"), time(attrs, "nbf"),
                time(attrs, "exp"), attrs.hasNonNull("exportable") && bool(attrs, "exportable"), tags(body),
                policy(body));
    }

    /** The material of an import and its {@code Hsm} flag; private parts become SecretBytes at once. */
    static KeyMaterial material(JsonNode body) {
        only(body, IMPORT, "");
        JsonNode key = body.get("key");
        if (key == null || !key.isObject()) {
            throw bad("The 'key' parameter (a JSON Web Key) is required.");
        }
        only(key, JWK, "key.");
        if (key.hasNonNull("key_hsm")) {
            throw bad("BYOK import ('key_hsm') is not supported yet; import the key in plain JWK form over TLS.");
        }
        KeyType kty = KeyType.fromWire(text(key, "kty").orElseThrow(() -> bad("JSON Web Key: 'kty' is required.")));
        return switch (kty.family()) {
            case RSA -> new KeyMaterial.Rsa(bytes(key, "n").orElseThrow(() -> bad("JSON Web Key: 'n' is required.")),
                    bytes(key, "e").orElseThrow(() -> bad("JSON Web Key: 'e' is required.")), secret(key, "d"),
                    secret(key, "p"), secret(key, "q"), secret(key, "dp"), secret(key, "dq"), secret(key, "qi"));
            case EC -> new KeyMaterial.Ec(Curve.fromWire(text(key, "crv").orElseThrow(() -> bad("JSON Web Key: 'crv' is required."))),
                    bytes(key, "x").orElse(null), bytes(key, "y").orElse(null), secret(key, "d"));
            case OCT -> new KeyMaterial.Oct(secret(key, "k"));
        };
    }

    static boolean hsm(JsonNode body) {
        return body.hasNonNull("Hsm") && bool(body, "Hsm");
    }

    static KeyUpdate update(JsonNode body) {
        only(body, UPDATE, "");
        JsonNode attrs = object(body, "attributes");
        only(attrs, ATTRIBUTES, "attributes.");
        return new KeyUpdate(body.hasNonNull("key_ops") ? Optional.of(keyOps(body)) : Optional.empty(),
                attrs.hasNonNull("enabled") ? Optional.of(bool(attrs, "enabled")) : Optional.empty(),
                attrs.has("nbf") ? Optional.of(time(attrs, "nbf")) : Optional.empty(),
                attrs.has("exp") ? Optional.of(time(attrs, "exp")) : Optional.empty(),
                body.hasNonNull("tags") ? Optional.of(tags(body)) : Optional.empty(), policy(body));
    }

    static CryptoRequest crypto(JsonNode body) {
        only(body, CRYPTO, "");
        EncryptionAlgorithm alg = EncryptionAlgorithm.fromWire(required(body, "alg"));
        return new CryptoRequest(alg, bytes(body, "value").orElseThrow(() -> bad("The 'value' parameter is required.")),
                bytes(body, "iv").orElse(null), bytes(body, "aad").orElse(null), bytes(body, "tag").orElse(null));
    }

    static String required(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> bad("The '" + field + "' parameter is required."));
    }

    static byte[] requiredBytes(JsonNode body, String field) {
        return bytes(body, field).orElseThrow(() -> bad("The '" + field + "' parameter is required."));
    }

    static void only(JsonNode node, Set<String> allowed, String prefix) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                throw bad("Unknown field '" + prefix + field + "'.");
            }
        }
    }

    private static List<KeyOperation> keyOps(JsonNode body) {
        JsonNode ops = body.get("key_ops");
        if (ops == null || ops.isNull()) {
            return List.of();
        }
        if (!ops.isArray()) {
            throw bad("'key_ops' must be an array of strings.");
        }
        List<KeyOperation> out = new ArrayList<>();
        for (JsonNode op : ops) {
            if (!op.isString()) {
                throw bad("'key_ops' must be an array of strings.");
            }
            out.add(KeyOperation.fromWire(op.asString()));
        }
        return out;
    }

    private static Map<String, String> tags(JsonNode body) {
        JsonNode tags = body.get("tags");
        if (tags == null || tags.isNull()) {
            return Map.of();
        }
        if (!tags.isObject()) {
            throw bad("'tags' must be an object of strings.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var entry : tags.properties()) {
            if (!entry.getValue().isString()) {
                throw bad("Tag values must be strings.");
            }
            out.put(entry.getKey(), entry.getValue().asString());
        }
        return out;
    }

    private static Optional<ReleasePolicy> policy(JsonNode body) {
        JsonNode policy = body.get("release_policy");
        if (policy == null || policy.isNull()) {
            return Optional.empty();
        }
        if (!policy.isObject()) {
            throw bad("'release_policy' must be an object.");
        }
        only(policy, POLICY, "release_policy.");
        byte[] data = bytes(policy, "data").orElseThrow(() -> bad("'release_policy.data' is required."));
        return Optional.of(new ReleasePolicy(text(policy, "contentType").orElse(null),
                policy.hasNonNull("immutable") && bool(policy, "immutable"), data));
    }

    private static JsonNode object(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw bad("'" + field + "' must be an object.");
        }
        return node;
    }

    private static Optional<Instant> time(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToLong()) {
            throw bad("'" + field + "' must be a time in seconds since the epoch.");
        }
        return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw bad("'" + field + "' must be a string.");
        }
        return Optional.of(value.asString());
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw bad("'" + field + "' must be an integer.");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw bad("'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    static Optional<byte[]> bytes(JsonNode node, String field) {
        return text(node, field).map(text -> {
            try {
                return B64.decode(text);
            } catch (IllegalArgumentException e) {
                throw bad("'" + field + "' is not base64url.");
            }
        });
    }

    private static SecretBytes secret(JsonNode node, String field) {
        return bytes(node, field).map(SecretBytes::adopt).orElse(null);
    }

    static KmsException bad(String message) {
        return KmsException.badParameter(message);
    }
}
