package dev.trustplane.ledger.internal;

/**
 * Where proofs get their hashes: the root of the complete, aligned subtree at {@code level} (0 = leaves)
 * and position {@code index}, that is {@code MTH(D[index·2^level : (index+1)·2^level])}. Implementations
 * read them from the store ({@code ledger_nodes}) or from memory.
 */
@FunctionalInterface
public interface HashSource {
    byte[] node(int level, long index);
}
