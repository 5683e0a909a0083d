package dev.trustplane.kms;

/**
 * Result of encrypt/decrypt/wrap/unwrap/sign: the key version used and the output. {@code iv}, {@code tag}
 * and {@code aad} are set for AES-GCM (and {@code iv} for CBC encrypt), null otherwise.
 */
public record CryptoResult(String name, String version, byte[] value, byte[] iv, byte[] tag, byte[] aad) {
    public static CryptoResult of(String name, String version, byte[] value) {
        return new CryptoResult(name, version, value, null, null, null);
    }
}
