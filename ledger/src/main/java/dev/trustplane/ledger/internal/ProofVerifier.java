package dev.trustplane.ledger.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies RFC 6962 proofs exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) describe,
 * bit by bit on the binary representation of the indexes, without building any tree. Independent of how the
 * log stores its hashes, so it is also what an offline verifier runs.
 */
public final class ProofVerifier {
    private ProofVerifier() {}

    /**
     * Folds an audit path into a root; null when the path cannot belong to (index, size) at all
     * (index outside the tree, too many or too few steps, a hash of the wrong length).
     */
    public static byte[] inclusionRoot(long index, long size, byte[] leafHash, List<byte[]> path) {
        if (index < 0 || index >= size || leafHash.length != Hashes.SIZE) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0 || p.length != Hashes.SIZE) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** Whether the audit path leads from the leaf hash to {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        byte[] computed = inclusionRoot(index, size, leafHash, path);
        return computed != null && MessageDigest.isEqual(computed, root);
    }

    /**
     * Whether {@code proof} shows that the tree (size1, root1) is a prefix of (size2, root2). Size 0 is
     * consistent with everything and equal sizes need equal roots; both take an empty proof.
     */
    public static boolean verifyConsistency(long size1, byte[] root1, long size2, byte[] root2, List<byte[]> proof) {
        if (size1 < 0 || size2 < size1) {
            return false;
        }
        if (size1 == 0 || size1 == size2) {
            return proof.isEmpty() && (size1 == 0 || MessageDigest.isEqual(root1, root2));
        }
        if (proof.isEmpty()) {
            return false;
        }
        for (byte[] p : proof) {
            if (p.length != Hashes.SIZE) {
                return false;
            }
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) {
            path.addFirst(root1);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }
}
