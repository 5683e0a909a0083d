package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Every subtree hash of the stored tree, computed from what the store keeps: C2SP hash tiles and the entries.
 *
 * <p><b>What is stored.</b> Tiles as tlog-tiles serves them (see {@link Tiles}), one row per tile. A level-0
 * tile (256 leaf hashes) is written once, in the batch that fills it; the unfinished level-0 tile at the right
 * edge is not stored but recomputed from its at most 255 entries. A tile of a higher level is written as soon
 * as it has a hash and rewritten in place as it grows, which happens once per 256 entries at level 1 and
 * once per 65,536 at level 2. So an append writes, besides its entry, 1/256 of a tile row: the hash rows no
 * longer outnumber the entries (they used to be about two per entry, see docs/performance.md).
 *
 * <p><b>Other subtree hashes.</b> The hash of a complete subtree at tree level 8L + r (0 &lt; r &lt; 8) is the
 * root of the 2^r consecutive level-8L hashes below it, which lie in one tile of level L; folding them costs
 * 2^r − 1 node hashes. This is how Go's sumdb/tlog reads proofs from tiles.
 *
 * <p><b>One round trip.</b> Which subtree hashes a head or proof needs depends only on sizes and indexes, so
 * {@link #compute} runs the computation once over placeholder hashes to record them, reads the tiles (and any
 * entries of the unfinished level-0 tile) behind them in at most two queries, and runs it again.
 */
public final class TileHashes {
    private TileHashes() {}

    /**
     * Runs {@code computation} over the subtree hashes of the stored tree of {@code size} entries (the head,
     * read in the same transaction). Proofs for smaller trees are computed the same way: their subtrees are
     * subtrees of the head's tree.
     */
    public static <R> R compute(Handle h, LedgerTables tables, long size, Function<HashSource, R> computation) {
        Set<NodeId> needed = new LinkedHashSet<>();
        byte[] placeholder = new byte[Hashes.SIZE];
        computation.apply((level, index) -> {
            needed.add(new NodeId(level, index));
            return placeholder;
        });
        long storedLeafTiles = size / Tiles.WIDTH;
        Set<TileId> tiles = new LinkedHashSet<>();
        long firstLeaf = Long.MAX_VALUE;
        long endLeaf = 0;
        for (NodeId node : needed) {
            Span span = Span.of(node);
            if (span.tileLevel() == 0 && span.first() / Tiles.WIDTH >= storedLeafTiles) {
                firstLeaf = Math.min(firstLeaf, span.first());
                endLeaf = Math.max(endLeaf, span.first() + span.count());
            } else {
                tiles.add(span.tile());
            }
        }
        Map<TileId, byte[]> stored = tables.tiles(h, tiles);
        long leafBase = firstLeaf;
        List<byte[]> leafHashes = endLeaf == 0 ? List.of() : leafHashes(tables.leaves(h, firstLeaf, (int) (endLeaf - firstLeaf)));
        return computation.apply((level, index) -> {
            Span span = Span.of(new NodeId(level, index));
            List<byte[]> base = new ArrayList<>(span.count());
            if (span.tileLevel() == 0 && span.first() / Tiles.WIDTH >= storedLeafTiles) {
                long offset = span.first() - leafBase;
                if (offset < 0 || offset + span.count() > leafHashes.size()) {
                    throw missing("entries " + span.first() + " to " + (span.first() + span.count() - 1));
                }
                base.addAll(leafHashes.subList((int) offset, (int) offset + span.count()));
            } else {
                byte[] tile = stored.get(span.tile());
                int from = (int) (span.first() % Tiles.WIDTH) * Hashes.SIZE;
                int to = from + span.count() * Hashes.SIZE;
                if (tile == null || tile.length < to || tile.length % Hashes.SIZE != 0) {
                    throw missing("hash tile " + span.tile().level() + "/" + span.tile().index());
                }
                for (int p = from; p < to; p += Hashes.SIZE) {
                    base.add(Arrays.copyOfRange(tile, p, p + Hashes.SIZE));
                }
            }
            return fold(base);
        });
    }

    /**
     * The first {@code width} hashes of tile {@code id} in the stored tree of {@code size} entries, as
     * tlog-tiles serves them; the caller has checked that the tree has them.
     */
    public static byte[] tile(Handle h, LedgerTables tables, long size, TileId id, int width) {
        if (id.level() == 0 && id.index() >= size / Tiles.WIDTH) {
            var out = new java.io.ByteArrayOutputStream(width * Hashes.SIZE);
            leafHashes(tables.leaves(h, id.index() * Tiles.WIDTH, width)).forEach(out::writeBytes);
            byte[] hashes = out.toByteArray();
            if (hashes.length != width * Hashes.SIZE) {
                throw missing("entries of tile 0/" + id.index());
            }
            return hashes;
        }
        byte[] tile = tables.tile(h, id).orElseThrow(() -> missing("hash tile " + id.level() + "/" + id.index()));
        if (tile.length < width * Hashes.SIZE || tile.length % Hashes.SIZE != 0) {
            throw missing("hashes of tile " + id.level() + "/" + id.index());
        }
        return Arrays.copyOf(tile, width * Hashes.SIZE);
    }

    /** The leaf hashes of the unfinished level-0 tile of the tree of {@code size} entries (0 to 255 of them). */
    static List<byte[]> unfinishedLeafHashes(Handle h, LedgerTables tables, long size) {
        long first = size - size % Tiles.WIDTH;
        List<byte[]> hashes = leafHashes(tables.leaves(h, first, (int) (size - first)));
        if (hashes.size() != size - first) {
            throw missing("entries " + first + " to " + (size - 1));
        }
        return hashes;
    }

    /** The RFC 6962 root of 2^k hashes of one level (k ≥ 0). */
    static byte[] fold(List<byte[]> hashes) {
        List<byte[]> level = hashes;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(Hashes.node(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.getFirst();
    }

    private static List<byte[]> leafHashes(List<byte[]> leaves) {
        List<byte[]> out = new ArrayList<>(leaves.size());
        leaves.forEach(leaf -> out.add(Hashes.leaf(leaf)));
        return out;
    }

    private static LedgerException missing(String what) {
        return new LedgerException(LedgerException.Code.INCONSISTENT, "the store lacks " + what + " of the tree");
    }

    /**
     * The tile-level hashes a subtree hash folds: {@code count} = 2^r of them from {@code first}, at tree level
     * 8·{@code tileLevel}; being aligned and at most 128, they lie in one tile.
     */
    private record Span(int tileLevel, long first, int count) {
        static Span of(NodeId node) {
            int r = node.level() % Tiles.HEIGHT;
            return new Span(node.level() / Tiles.HEIGHT, node.index() << r, 1 << r);
        }

        TileId tile() {
            return new TileId(tileLevel, first / Tiles.WIDTH);
        }
    }
}
