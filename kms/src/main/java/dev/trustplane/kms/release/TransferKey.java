package dev.trustplane.kms.release;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import tools.jackson.databind.JsonNode;

/**
 * The workload's key that a released key is wrapped to, found as Key Vault finds it: in the token's
 * {@code x-ms-runtime.keys} JWKS, the first key that is RSA and marked for encryption ({@code use} or
 * {@code key_use} = {@code enc}, or {@code key_ops} containing {@code encrypt}). The chosen key must carry a
 * {@code kid} and have a modulus of at least 2048 bits; we refuse rather than skip a weak chosen key, so a
 * token never silently selects a different key than its owner expects.
 *
 * @param kid the key's id, written into the envelope header
 * @param key the public key
 */
public record TransferKey(String kid, RSAPublicKey key) {
    /** Smallest modulus we wrap to. */
    public static final int MIN_BITS = 2048;
    private static final int MAX_BITS = 8192;

    /** Selects the transfer key from verified token claims. */
    public static TransferKey select(JsonNode claims) {
        JsonNode runtime = claims.get("x-ms-runtime");
        if (runtime == null || !runtime.isObject()) {
            throw ReleaseException.badRequest("The attestation token has no 'x-ms-runtime' claim, so there is no key "
                    + "to wrap the released key to; attest with runtime data of type JSON that carries a 'keys' JWKS.");
        }
        JsonNode keys = runtime.get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw ReleaseException.badRequest("The token's 'x-ms-runtime' claim has no 'keys' array.");
        }
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            if (k.isObject() && "RSA".equals(text(k, "kty")) && forEncryption(k)) {
                return parse(k, i);
            }
        }
        throw ReleaseException.badRequest("No key in x-ms-runtime.keys is RSA with use 'enc' or key_ops containing "
                + "'encrypt'.");
    }

    private static boolean forEncryption(JsonNode k) {
        if ("enc".equals(text(k, "use")) || "enc".equals(text(k, "key_use"))) {
            return true;
        }
        JsonNode ops = k.get("key_ops");
        if (ops != null && ops.isArray()) {
            for (JsonNode op : ops) {
                if (op.isString() && op.asString().equals("encrypt")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static TransferKey parse(JsonNode k, int index) {
        String where = "x-ms-runtime.keys[" + index + "]";
        String kid = text(k, "kid");
        if (kid == null || kid.isEmpty() || kid.length() > 256) {
            throw ReleaseException.badRequest(where + " has no usable 'kid' (1 to 256 characters).");
        }
        RSAPublicKey key;
        try {
            // Only the public members: a private member in the token would be the workload's mistake, not ours to use.
            RSAKey jwk = new RSAKey.Builder(RSAKey.parse(k.toString()).toRSAPublicKey()).build();
            key = jwk.toRSAPublicKey();
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw ReleaseException.badRequest(where + " is not a valid RSA JSON Web Key.");
        }
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw ReleaseException.badRequest(where + " has a " + bits + "-bit modulus; transfer keys must have "
                    + MIN_BITS + " to " + MAX_BITS + " bits.");
        }
        if (key.getPublicExponent().signum() <= 0 || !key.getPublicExponent().testBit(0)) {
            throw ReleaseException.badRequest(where + " has an invalid public exponent.");
        }
        return new TransferKey(kid, key);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }
}
