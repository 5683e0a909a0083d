package dev.trustplane.kms;

import java.util.Objects;

/**
 * Private key material given to {@link Kms#importKey}. Public values are plain byte arrays (unsigned,
 * big-endian); private values are {@link SecretBytes} that the KMS destroys once the key is sealed.
 * Validation (sizes, consistency, supported curves) happens at import, not here.
 */
public sealed interface KeyMaterial extends AutoCloseable {

    /** Zeroes the private parts. */
    @Override
    void close();

    /** RSA with CRT parameters; {@code dp}, {@code dq}, {@code qi} may be null and are then derived. */
    record Rsa(byte[] n, byte[] e, SecretBytes d, SecretBytes p, SecretBytes q, SecretBytes dp, SecretBytes dq,
            SecretBytes qi) implements KeyMaterial {
        public Rsa {
            Objects.requireNonNull(n, "n");
            Objects.requireNonNull(e, "e");
        }

        @Override
        public void close() {
            for (SecretBytes s : new SecretBytes[] {d, p, q, dp, dq, qi}) {
                if (s != null) {
                    s.destroy();
                }
            }
        }
    }

    /** EC: the private scalar and the public point. */
    record Ec(Curve crv, byte[] x, byte[] y, SecretBytes d) implements KeyMaterial {
        public Ec {
            Objects.requireNonNull(crv, "crv");
        }

        @Override
        public void close() {
            if (d != null) {
                d.destroy();
            }
        }
    }

    /** A symmetric (AES) key. */
    record Oct(SecretBytes k) implements KeyMaterial {
        @Override
        public void close() {
            if (k != null) {
                k.destroy();
            }
        }
    }
}
