package dev.trustplane.kms;

import java.util.Objects;

/**
 * A key to generate. {@code keySize} is required for oct keys and defaults to 2048 for RSA;
 * {@code curve} defaults to P-256 for EC; {@code publicExponent} 0 means 65537 (the only one accepted).
 */
public record CreateKeyOptions(KeyType kty, int keySize, int publicExponent, Curve curve, KeySettings settings) {
    public CreateKeyOptions {
        Objects.requireNonNull(kty, "kty");
        Objects.requireNonNull(settings, "settings");
    }

    public static CreateKeyOptions rsa(int bits) {
        return new CreateKeyOptions(KeyType.RSA, bits, 0, null, KeySettings.defaults());
    }

    public static CreateKeyOptions ec(Curve curve) {
        return new CreateKeyOptions(KeyType.EC, 0, 0, curve, KeySettings.defaults());
    }

    public static CreateKeyOptions oct(int bits) {
        return new CreateKeyOptions(KeyType.OCT_HSM, bits, 0, null, KeySettings.defaults());
    }

    public CreateKeyOptions with(KeySettings newSettings) {
        return new CreateKeyOptions(kty, keySize, publicExponent, curve, newSettings);
    }
}
