package dev.trustplane.ledger.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 §2.1 hashing with SHA-256: a leaf is {@code SHA-256(0x00 ‖ entry)}, an interior node is
 * {@code SHA-256(0x01 ‖ left ‖ right)} and the empty tree is {@code SHA-256("")}. The prefixes keep leaves
 * and nodes in separate domains, so no leaf can be passed off as an interior node (second pre-image).
 */
public final class Hashes {
    /** Length of every hash in the tree. */
    public static final int SIZE = 32;

    private Hashes() {}

    public static byte[] leaf(byte[] entry) {
        MessageDigest d = sha256();
        d.update((byte) 0x00);
        d.update(entry);
        return d.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest d = sha256();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /**
     * A reset SHA-256 digest of this thread's own. Looking a provider's digest up costs more than hashing 100
     * bytes, and the integrator hashes every leaf and node of a batch.
     */
    static MessageDigest sha256() {
        MessageDigest d = DIGEST.get();
        d.reset();
        return d;
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });
}
