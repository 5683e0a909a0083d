package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The unfinished (rightmost) hash tile of every tile level of a tree of {@code size} entries: level L has
 * {@code (size >>> 8L) mod 256} hashes in it. The integrator keeps one in memory beside the {@link RightEdge}
 * so that a batch can write a level-0 tile once it fills (its earlier hashes came from earlier batches and
 * are not stored, see {@link TileHashes}) and rewrite a higher tile when it grows, without reading either.
 * Immutable like {@link RightEdge}: a batch that does not commit leaves the cached one as it was.
 */
final class TileEdge {
    private final long size;
    private final List<List<byte[]>> open; // open.get(L): hashes of level L's unfinished tile, 0 to 255

    private TileEdge(long size, List<List<byte[]>> open) {
        this.size = size;
        this.open = open;
    }

    /** Loads the unfinished tiles of the stored tree of {@code size} entries (the head). */
    static TileEdge load(Handle h, LedgerTables tables, long size) {
        List<List<byte[]>> open = new ArrayList<>();
        open.add(TileHashes.unfinishedLeafHashes(h, tables, size));
        for (int level = 1; level * Tiles.HEIGHT < 63 && (size >>> (level * Tiles.HEIGHT)) > 0; level++) {
            long hashes = size >>> (level * Tiles.HEIGHT);
            int width = (int) (hashes % Tiles.WIDTH);
            List<byte[]> tile = new ArrayList<>(width);
            if (width > 0) {
                TileId id = new TileId(level, hashes / Tiles.WIDTH);
                byte[] row = tables.tile(h, id).filter(b -> b.length == width * Hashes.SIZE).orElseThrow(() ->
                        new LedgerException(LedgerException.Code.INCONSISTENT, "hash tile " + id.level() + "/"
                                + id.index() + " is missing or does not have " + width + " hashes"));
                for (int p = 0; p < row.length; p += Hashes.SIZE) {
                    tile.add(java.util.Arrays.copyOfRange(row, p, p + Hashes.SIZE));
                }
            }
            open.add(tile);
        }
        return new TileEdge(size, open.stream().map(List::copyOf).toList());
    }

    /**
     * The edge after the tree grew to {@code newSize}, given every subtree hash that became complete
     * (in the order {@link RightEdge#append} completed them). Puts into {@code writes} each tile that filled
     * and, above level 0, each unfinished tile that grew.
     */
    TileEdge append(long newSize, Map<NodeId, byte[]> completed, List<LedgerTables.TileRow> writes) {
        if (newSize < size) {
            throw new IllegalStateException("a tree does not shrink: " + size + " to " + newSize);
        }
        List<List<byte[]>> tiles = new ArrayList<>();
        open.forEach(t -> tiles.add(new ArrayList<>(t)));
        boolean[] grew = new boolean[Tiles.MAX_LEVEL + 1];
        for (var e : completed.entrySet()) {
            NodeId node = e.getKey();
            if (node.level() % Tiles.HEIGHT != 0) {
                continue;
            }
            int level = node.level() / Tiles.HEIGHT;
            while (tiles.size() <= level) {
                tiles.add(new ArrayList<>());
            }
            List<byte[]> tile = tiles.get(level);
            if (node.index() % Tiles.WIDTH != tile.size()) { // a bug, never input: fail the batch, store nothing
                throw new IllegalStateException("subtree " + node + " completed out of order");
            }
            tile.add(e.getValue());
            grew[level] = true;
            if (tile.size() == Tiles.WIDTH) {
                writes.add(new LedgerTables.TileRow(level, node.index() / Tiles.WIDTH, concat(tile)));
                tile.clear();
            }
        }
        for (int level = 1; level < tiles.size(); level++) {
            List<byte[]> tile = tiles.get(level);
            if (grew[level] && !tile.isEmpty()) {
                long hashes = newSize >>> (level * Tiles.HEIGHT);
                writes.add(new LedgerTables.TileRow(level, hashes / Tiles.WIDTH, concat(tile)));
            }
        }
        return new TileEdge(newSize, tiles.stream().map(List::copyOf).toList());
    }

    private static byte[] concat(List<byte[]> hashes) {
        var out = new ByteArrayOutputStream(hashes.size() * Hashes.SIZE);
        hashes.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
