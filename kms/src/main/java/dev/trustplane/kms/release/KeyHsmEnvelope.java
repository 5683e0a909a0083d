package dev.trustplane.kms.release;

import dev.trustplane.kms.internal.ReleaseWrapping;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code key_hsm} value of a released key: base64url (no padding) of the JSON
 * {@code {"schema_version":"1.0","header":{"kid":<transfer key id>,"alg":"dir","enc":<enc>},"ciphertext":<base64url>}},
 * the envelope of Key Vault's BYOK specification, with the ciphertext of {@link ReleaseWrapping}.
 */
public final class KeyHsmEnvelope {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private KeyHsmEnvelope() {}

    /** Wraps {@code material} (PKCS#8 DER or raw oct bytes) to {@code transferKey}; returns the {@code key_hsm} string. */
    public static String seal(RSAPublicKey transferKey, String transferKid, ReleaseEncryption enc, byte[] material) {
        byte[] ciphertext;
        try {
            ciphertext = ReleaseWrapping.wrap(transferKey, enc.oaepHash(), material);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapping the released key failed", e);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kid", transferKid);
        header.put("alg", "dir");
        header.put("enc", enc.name());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("schema_version", "1.0");
        envelope.put("header", header);
        envelope.put("ciphertext", B64URL.encodeToString(ciphertext));
        return B64URL.encodeToString(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8));
    }
}
