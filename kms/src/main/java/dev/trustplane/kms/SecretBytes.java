package dev.trustplane.kms;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Raw secret bytes (private key components, symmetric keys, plaintext key material) as a capability:
 * {@code toString} never shows them, {@code equals} is constant-time, and {@link #destroy()} zeroes them.
 *
 * <p>Not thread-safe for destroy-while-reading; owners destroy after their last use (the KMS key cache leases
 * opened keys so that eviction never destroys material an operation is using). The JDK's own key objects
 * ({@code BigInteger}, {@code SecretKeySpec}) cannot be zeroed; they live as long as the opened key that made
 * them, at most the key cache's TTL.
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A holder over a copy of {@code bytes}; the caller remains responsible for its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** A holder that takes ownership of {@code bytes} (it will be zeroed by {@link #destroy()}). */
    public static SecretBytes adopt(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A copy of the bytes; the caller zeroes it after use. */
    public byte[] copy() {
        checkAlive();
        return bytes.clone();
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Zeroes the bytes. Idempotent. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("secret bytes were destroyed");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretBytes that && !destroyed && !that.destroyed
                && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted, " + bytes.length + " bytes]";
    }
}
