package dev.trustplane.simulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic byte streams derived from one seed, one independent stream per label.
 *
 * <p>Construction (HKDF-Expand style, fixed here so that the same seed gives the same roots on
 * every JDK and library version): block {@code i} (from 1) of the stream for {@code label} is
 * {@code HMAC-SHA-256(key = seed, msg = UTF-8(label) || 0x00 || uint32_be(i))}; the stream is the
 * concatenation of the blocks. Labels name what is derived ({@code "ark/Genoa"}, {@code "vcek/..."}),
 * so adding a new kind of key never changes the existing ones.
 *
 * <p><strong>Simulation only.</strong> Everything derived from a seed is as secret as the seed,
 * and the default seed is published in the source code: anyone can recompute every private key.
 */
public final class SeedStream {
    private final byte[] seed;

    /** @param seed any non-empty byte string */
    public SeedStream(byte[] seed) {
        if (seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
        this.seed = seed.clone();
    }

    /** The first {@code length} bytes of the stream for {@code label}. */
    public byte[] bytes(String label, int length) {
        return new Cursor(label).take(length);
    }

    /** An endless stream for {@code label} (each call to {@code take} continues where the last stopped). */
    public Cursor cursor(String label) {
        return new Cursor(label);
    }

    /**
     * A {@link SecureRandom} that returns the stream for {@code label}: for the randomized parts of
     * signature schemes (the RSA-PSS salt), so that signatures, and hence certificates, are
     * byte-for-byte reproducible.
     */
    public SecureRandom secureRandom(String label) {
        Cursor cursor = new Cursor(label);
        return new SecureRandom(new SecureRandomSpi() {
            @Override
            protected void engineSetSeed(byte[] ignored) {}

            @Override
            protected void engineNextBytes(byte[] out) {
                byte[] b = cursor.take(out.length);
                System.arraycopy(b, 0, out, 0, out.length);
            }

            @Override
            protected byte[] engineGenerateSeed(int n) {
                return cursor.take(n);
            }
        }, null) {};
    }

    /** A position in one label's stream. Not thread-safe. */
    public final class Cursor {
        private final byte[] label;
        private int counter;
        private byte[] block = new byte[0];
        private int used;

        private Cursor(String label) {
            this.label = label.getBytes(StandardCharsets.UTF_8);
        }

        /** The next {@code length} bytes. */
        public byte[] take(int length) {
            byte[] out = new byte[length];
            int filled = 0;
            while (filled < length) {
                if (used == block.length) {
                    block = block(++counter);
                    used = 0;
                }
                int n = Math.min(length - filled, block.length - used);
                System.arraycopy(block, used, out, filled, n);
                used += n;
                filled += n;
            }
            return out;
        }

        private byte[] block(int index) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(seed, "HmacSHA256"));
                mac.update(label);
                mac.update((byte) 0);
                mac.update(ByteBuffer.allocate(4).putInt(index).array());
                return mac.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
            }
        }
    }
}
