package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.ledger.internal.ProofVerifier;
import java.util.List;

/**
 * Offline RFC 6962 checks, for verifiers without a server: leaf hashing and inclusion / consistency proof
 * verification (RFC 9162 §2.1.3.2 and §2.1.4.2).
 */
public final class MerkleTrees {
    private MerkleTrees() {}

    /** SHA-256 of the empty string: the root of the empty tree. */
    public static byte[] empty() {
        return Hashes.emptyRoot();
    }

    /** SHA-256(0x00 ‖ leaf). */
    public static byte[] leafHash(byte[] leaf) {
        return Hashes.leaf(leaf);
    }

    /** SHA-256(0x01 ‖ left ‖ right): an interior node. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Hashes.node(left, right);
    }

    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        return ProofVerifier.verifyInclusion(index, size, leafHash, proof, root);
    }

    public static boolean verifyConsistency(long size1, byte[] root1, long size2, byte[] root2, List<byte[]> proof) {
        return ProofVerifier.verifyConsistency(size1, root1, size2, root2, proof);
    }
}
