package dev.trustplane.ledger.internal;

/** Coordinates of a complete subtree: {@code level} (0 = leaf) and {@code index} at that level. */
public record NodeId(int level, long index) {}
