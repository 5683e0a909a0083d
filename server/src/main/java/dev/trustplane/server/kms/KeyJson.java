package dev.trustplane.server.kms;

import dev.trustplane.kms.CryptoResult;
import dev.trustplane.kms.DeletedKey;
import dev.trustplane.kms.JsonWebKey;
import dev.trustplane.kms.KeyAttributes;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.ReleasePolicy;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key Vault's wire models rendered from KMS values: KeyBundle, KeyItem, DeletedKeyBundle/Item,
 * KeyOperationResult. Bytes are base64url without padding, times unix seconds, {@code kid} the full
 * {@code https://HOST:PORT/keys/{name}/{version}} the client called.
 */
final class KeyJson {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private KeyJson() {}

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static String kid(String base, String name, String version) {
        return base + "/keys/" + name + "/" + version;
    }

    static Map<String, Object> bundle(String base, KeyBundle bundle) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", jwk(kid(base, bundle.name(), bundle.version()), bundle.key()));
        out.put("attributes", attributes(bundle.attributes()));
        if (!bundle.tags().isEmpty()) {
            out.put("tags", bundle.tags());
        }
        bundle.releasePolicy().ifPresent(p -> out.put("release_policy", policy(p)));
        return out;
    }

    static Map<String, Object> item(String base, KeyBundle bundle) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", base + "/keys/" + bundle.name());
        out.put("attributes", attributes(bundle.attributes()));
        if (!bundle.tags().isEmpty()) {
            out.put("tags", bundle.tags());
        }
        return out;
    }

    /** A version in a versions listing: its kid includes the version. */
    static Map<String, Object> versionItem(String base, KeyBundle bundle) {
        Map<String, Object> out = item(base, bundle);
        out.put("kid", kid(base, bundle.name(), bundle.version()));
        return out;
    }

    static Map<String, Object> deleted(String base, DeletedKey deleted) {
        Map<String, Object> out = bundle(base, deleted.key());
        addDeletion(base, deleted, out);
        return out;
    }

    static Map<String, Object> deletedItem(String base, DeletedKey deleted) {
        Map<String, Object> out = item(base, deleted.key());
        addDeletion(base, deleted, out);
        return out;
    }

    private static void addDeletion(String base, DeletedKey deleted, Map<String, Object> out) {
        out.put("recoveryId", base + "/deletedkeys/" + deleted.key().name());
        out.put("deletedDate", deleted.deletedDate().getEpochSecond());
        out.put("scheduledPurgeDate", deleted.scheduledPurgeDate().getEpochSecond());
    }

    static Map<String, Object> jwk(String kid, JsonWebKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", kid);
        out.put("kty", key.kty().wire());
        List<String> ops = key.keyOps().stream().map(KeyOperation::wire).toList();
        out.put("key_ops", ops);
        if (key.n() != null) {
            out.put("n", b64(key.n()));
            out.put("e", b64(key.e()));
        }
        if (key.crv() != null) {
            out.put("crv", key.crv().wire());
            out.put("x", b64(key.x()));
            out.put("y", b64(key.y()));
        }
        return out;
    }

    static Map<String, Object> attributes(KeyAttributes a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", a.enabled());
        a.notBefore().ifPresent(t -> out.put("nbf", t.getEpochSecond()));
        a.expires().ifPresent(t -> out.put("exp", t.getEpochSecond()));
        out.put("created", a.created().getEpochSecond());
        out.put("updated", a.updated().getEpochSecond());
        out.put("recoverableDays", a.recoverableDays());
        out.put("recoveryLevel", a.recoveryLevel());
        out.put("exportable", a.exportable());
        return out;
    }

    static Map<String, Object> policy(ReleasePolicy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contentType", policy.contentType());
        out.put("immutable", policy.immutable());
        out.put("data", b64(policy.data()));
        return out;
    }

    static Map<String, Object> result(String base, CryptoResult result, boolean withGcmParts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", kid(base, result.name(), result.version()));
        out.put("value", b64(result.value()));
        if (withGcmParts) {
            if (result.iv() != null) {
                out.put("iv", b64(result.iv()));
            }
            if (result.tag() != null) {
                out.put("tag", b64(result.tag()));
            }
            if (result.aad() != null) {
                out.put("aad", b64(result.aad()));
            }
        }
        return out;
    }
}
