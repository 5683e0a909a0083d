package dev.trustplane.ledger.internal;

/**
 * A C2SP hash tile: tile {@code level} holds hashes of tree level 8·level, and tile {@code index} holds those
 * with index {@code index·256} to {@code index·256 + 255} at that level.
 */
public record TileId(int level, long index) {}
