package dev.trustplane.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree heads and proofs of an RFC 6962 Merkle tree, computed from stored subtree hashes.
 *
 * <p><b>The tree.</b> RFC 6962 §2.1 defines the Merkle Tree Hash of n entries recursively: for n &gt; 1 split
 * at k, the largest power of two below n, and hash {@code 0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])}. Every range the
 * recursion visits is either a complete, aligned subtree of 2^h leaves (stored once and never changed, see
 * {@link HashSource}) or a right edge that splits again. So a tree head, an inclusion proof or a consistency
 * proof needs only O(log n) stored hashes.
 *
 * <p><b>Inclusion proof</b> (audit path, RFC 6962 §2.1.1 / RFC 9162 §2.1.3): the sibling hashes from the
 * leaf up to the root. Whoever knows the leaf hash, its index and the tree size can fold them into the root
 * ({@link ProofVerifier#inclusionRoot}); a matching signed root proves the entry is in that tree.
 *
 * <p><b>Consistency proof</b> (RFC 6962 §2.1.2 / RFC 9162 §2.1.4): the fewest subtree hashes from which
 * both the old root (size m) and the new root (size n) can be rebuilt; if both match, the old tree is a
 * prefix of the new one, i.e. nothing signed earlier was changed or removed.
 */
public final class MerkleTree {
    private final HashSource source;

    public MerkleTree(HashSource source) {
        this.source = source;
    }

    /** The tree head of the first {@code size} entries ({@code SHA-256("")} when empty). */
    public byte[] root(long size) {
        requireNonNegative(size, "tree size");
        return size == 0 ? Hashes.emptyRoot() : rangeHash(0, size);
    }

    /** Audit path for leaf {@code index} in the tree of {@code size} entries, leaf sibling first. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /** Proof that the tree of {@code from} entries is a prefix of the tree of {@code to} entries. */
    public List<byte[]> consistencyProof(long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from size " + from + " to size " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from > 0 && from < to) {
            subproof(from, 0, to, true, proof);
        }
        return proof;
    }

    /** MTH(D[lo:hi]) for the ranges the RFC 6962 recursion visits. */
    byte[] rangeHash(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && lo % n == 0) {
            return source.node(Long.numberOfTrailingZeros(n), lo / n);
        }
        long k = largestPowerOfTwoBelow(n);
        return Hashes.node(rangeHash(lo, lo + k), rangeHash(lo + k, hi));
    }

    private void path(long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    private void subproof(long m, long lo, long hi, boolean complete, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(rangeHash(lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    /** The largest power of two strictly less than {@code n} (n ≥ 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
    }
}
