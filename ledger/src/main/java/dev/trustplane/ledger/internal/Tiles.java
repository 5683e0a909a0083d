package dev.trustplane.ledger.internal;

/**
 * Tile arithmetic of C2SP tlog-tiles. A tile at level L holds up to 256 consecutive hashes of tree height
 * 8·L: hash i of tile N at level L is {@code MTH(D[(N·256+i)·256^L : (N·256+i+1)·256^L])}. Level 0 holds
 * leaf hashes. A tile is full at 256 hashes and partial (width 1–255) on the right edge; the tree of size s
 * has {@code floor(s / 256^L)} hashes at level L.
 */
public final class Tiles {
    /** Hashes in a full tile. */
    public static final int WIDTH = 256;
    /** Tree levels spanned by one tile level. */
    public static final int HEIGHT = 8;
    /** Highest tile level a path may name. */
    public static final int MAX_LEVEL = 63;

    private Tiles() {}

    /** The tree level (0 = leaves) whose hashes a tile of {@code tileLevel} holds. */
    public static int treeLevel(int tileLevel) {
        return tileLevel * HEIGHT;
    }

    /** How many hashes tile level {@code tileLevel} has in a tree of {@code size} entries. */
    public static long hashesAtLevel(int tileLevel, long size) {
        int shift = treeLevel(tileLevel);
        return shift >= 63 ? 0 : size >>> shift;
    }

    /** Whether tile (level, index, width) exists in the tree of {@code size} entries. */
    public static boolean exists(int tileLevel, long index, int width, long size) {
        if (tileLevel < 0 || tileLevel > MAX_LEVEL || index < 0 || width < 1 || width > WIDTH) {
            return false;
        }
        long available = hashesAtLevel(tileLevel, size);
        if (index > (Long.MAX_VALUE - WIDTH) / WIDTH) {
            return false;
        }
        return index * WIDTH + width <= available;
    }

    /** Width of tile {@code index} at {@code tileLevel} in the tree of {@code size}: 256 if full, 0 if absent. */
    public static int widthOf(int tileLevel, long index, long size) {
        long available = hashesAtLevel(tileLevel, size);
        if (index < 0 || index > available / WIDTH) {
            return 0;
        }
        return (int) Math.min(WIDTH, available - index * WIDTH);
    }
}
