package dev.trustplane.kms;

import java.util.Objects;

/**
 * Input of encrypt/decrypt/wrapkey/unwrapkey. {@code iv}, {@code aad} and {@code tag} are used only by the
 * AES modes that define them (GCM: aad both ways, iv and tag on decrypt; CBC: iv); given elsewhere they are
 * refused as BadParameter rather than silently ignored.
 */
public record CryptoRequest(EncryptionAlgorithm alg, byte[] value, byte[] iv, byte[] aad, byte[] tag) {
    public CryptoRequest {
        Objects.requireNonNull(alg, "alg");
        if (value == null) {
            throw KmsException.badParameter("The 'value' parameter is required.");
        }
    }

    public static CryptoRequest of(EncryptionAlgorithm alg, byte[] value) {
        return new CryptoRequest(alg, value, null, null, null);
    }
}
