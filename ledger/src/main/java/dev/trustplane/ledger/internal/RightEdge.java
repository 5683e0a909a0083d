package dev.trustplane.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The right edge of an RFC 6962 tree of {@code size} leaves (a "compact range"): one complete subtree hash per
 * set bit of {@code size}, largest (leftmost) first. It is all an appender needs: appending a leaf pushes it
 * and merges equal-height neighbours (each merge is a newly complete subtree, to be stored), and the root is
 * the edge folded right to left, which is exactly how RFC 6962's split at the largest power of two unrolls.
 *
 * <p><b>Why.</b> The integrator keeps one in memory between batches so that a batch reads nothing but the
 * head row; before, it re-read O(log n) stored hashes per batch. Immutable: {@link #append} returns a new
 * edge, so a batch that fails to commit leaves the cached edge untouched.
 */
public final class RightEdge {
    private final long size;
    private final List<byte[]> hashes; // hashes.get(i) covers 2^levels.get(i) leaves
    private final List<Integer> levels;

    private RightEdge(long size, List<byte[]> hashes, List<Integer> levels) {
        this.size = size;
        this.hashes = hashes;
        this.levels = levels;
    }

    public static RightEdge empty() {
        return new RightEdge(0, List.of(), List.of());
    }

    /** Loads the edge of the tree of {@code size} from stored hashes (popcount(size) reads). */
    public static RightEdge load(long size, HashSource stored) {
        List<byte[]> hashes = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                hashes.add(stored.node(level, start >>> level));
                levels.add(level);
                start += 1L << level;
            }
        }
        return new RightEdge(size, List.copyOf(hashes), List.copyOf(levels));
    }

    public long size() {
        return size;
    }

    /**
     * The edge after appending {@code leafHashes}; every subtree hash that becomes complete (the leaves
     * themselves included) is put into {@code completed}.
     */
    public RightEdge append(List<byte[]> leafHashes, Map<NodeId, byte[]> completed) {
        List<byte[]> h = new ArrayList<>(hashes);
        List<Integer> l = new ArrayList<>(levels);
        long n = size;
        for (byte[] leaf : leafHashes) {
            completed.put(new NodeId(0, n), leaf);
            byte[] hash = leaf;
            int level = 0;
            long index = n;
            while (!l.isEmpty() && l.getLast() == level) {
                l.removeLast();
                hash = Hashes.node(h.removeLast(), hash);
                level++;
                index >>>= 1;
                completed.put(new NodeId(level, index), hash);
            }
            h.add(hash);
            l.add(level);
            n++;
        }
        return new RightEdge(n, List.copyOf(h), List.copyOf(l));
    }

    /** The RFC 6962 root ({@code SHA-256("")} for the empty tree). */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Hashes.emptyRoot();
        }
        byte[] acc = hashes.getLast();
        for (int i = hashes.size() - 2; i >= 0; i--) {
            acc = Hashes.node(hashes.get(i), acc);
        }
        return acc;
    }
}
