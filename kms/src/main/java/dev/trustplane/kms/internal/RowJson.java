package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.JsonWebKey;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.ReleasePolicy;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON forms of the public columns of {@code kms_key_versions} (public key, key_ops, tags, release policy). */
final class RowJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();

    private RowJson() {}

    static String publicKey(JsonWebKey key) {
        ObjectNode node = MAPPER.createObjectNode();
        put(node, "n", key.n());
        put(node, "e", key.e());
        if (key.crv() != null) {
            node.put("crv", key.crv().wire());
        }
        put(node, "x", key.x());
        put(node, "y", key.y());
        return node.toString();
    }

    static JsonWebKey publicKey(KeyType kty, List<KeyOperation> ops, String json) {
        JsonNode node = MAPPER.readTree(json);
        return new JsonWebKey(kty, ops, get(node, "n"), get(node, "e"),
                node.has("crv") ? Curve.fromWire(node.get("crv").asString()) : null, get(node, "x"), get(node, "y"));
    }

    static String keyOps(List<KeyOperation> ops) {
        return MAPPER.writeValueAsString(ops.stream().map(KeyOperation::wire).toList());
    }

    static List<KeyOperation> keyOps(String json) {
        List<KeyOperation> ops = new ArrayList<>();
        MAPPER.readTree(json).forEach(n -> ops.add(KeyOperation.fromWire(n.asString())));
        return ops;
    }

    static String tags(Map<String, String> tags) {
        return MAPPER.writeValueAsString(new TreeMap<>(tags));
    }

    static Map<String, String> tags(String json) {
        Map<String, String> tags = new LinkedHashMap<>();
        MAPPER.readTree(json).properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
        return tags;
    }

    static String policy(Optional<ReleasePolicy> policy) {
        return policy.map(p -> {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("contentType", p.contentType());
            node.put("immutable", p.immutable());
            node.put("data", B64.encodeToString(p.data()));
            return node.toString();
        }).orElse(null);
    }

    static Optional<ReleasePolicy> policy(String json) {
        if (json == null) {
            return Optional.empty();
        }
        JsonNode node = MAPPER.readTree(json);
        return Optional.of(new ReleasePolicy(node.get("contentType").asString(), node.get("immutable").asBoolean(),
                D64.decode(node.get("data").asString())));
    }

    private static void put(ObjectNode node, String field, byte[] value) {
        if (value != null) {
            node.put(field, B64.encodeToString(value));
        }
    }

    private static byte[] get(JsonNode node, String field) {
        return node.has(field) ? D64.decode(node.get(field).asString()) : null;
    }
}
