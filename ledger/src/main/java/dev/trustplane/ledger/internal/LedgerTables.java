package dev.trustplane.ledger.internal;

import dev.trustplane.store.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SQL for the ledger's tables (see {@code db/ledger/}); every method runs on a given handle. */
public final class LedgerTables {
    /** A row of ledger_checkpoints. */
    public record CheckpointRow(long size, byte[] root, String note, long createdMillis) {}

    /** A row of ledger_tiles to write: the tile's hashes (32 bytes each, 1 to 256 of them). */
    public record TileRow(int level, long index, byte[] hashes) {}

    private final Dialect dialect;

    public LedgerTables(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The integrated tree size, locking the head row until commit (PostgreSQL; SQLite has one writer). */
    public long lockHead(Handle h) {
        return h.createQuery("SELECT tree_size FROM ledger_head WHERE id = 1" + dialect.forUpdate())
                .mapTo(Long.class).one();
    }

    public long head(Handle h) {
        return h.createQuery("SELECT tree_size FROM ledger_head WHERE id = 1").mapTo(Long.class).one();
    }

    /**
     * Moves the head from {@code expected} to {@code size} if it is at {@code expected}, locking the row until
     * commit (PostgreSQL): one statement where a lock, a read and an update would be three round trips.
     * False (and nothing changed or locked) when the head is elsewhere.
     */
    public boolean advanceHead(Handle h, long expected, long size) {
        return update(h, "UPDATE ledger_head SET tree_size = ? WHERE id = 1 AND tree_size = ?", ps -> {
            ps.setLong(1, size);
            ps.setLong(2, expected);
        }) == 1;
    }

    public void setHead(Handle h, long size) {
        h.createUpdate("UPDATE ledger_head SET tree_size = :size WHERE id = 1").bind("size", size).execute();
    }

    public void insertEntries(Handle h, long first, List<byte[]> leaves, List<String> collections) {
        batch(h, "INSERT INTO ledger_entries (idx, collection_id, leaf) VALUES (?, ?, ?)", leaves.size(), (ps, i) -> {
            ps.setLong(1, first + i);
            if (collections.get(i) == null) {
                ps.setNull(2, Types.VARCHAR);
            } else {
                ps.setString(2, collections.get(i));
            }
            ps.setBytes(3, leaves.get(i));
        });
    }

    /**
     * Writes hash tiles: a level-0 tile only once, when it is full (the unfinished one is recomputed from its
     * entries); a tile of a higher level whenever it gains a hash, replacing the narrower version in the same row.
     */
    public void writeTiles(Handle h, List<TileRow> rows) {
        for (TileRow row : rows) {
            String sql = row.level() == 0 ? "INSERT INTO ledger_tiles (lvl, idx, hashes) VALUES (:lvl, :idx, :hashes)"
                    : dialect.upsert("ledger_tiles", List.of("lvl", "idx"), List.of("hashes"));
            h.createUpdate(sql).bind("lvl", row.level()).bind("idx", row.index()).bind("hashes", row.hashes()).execute();
        }
    }

    /** Binds one row of a batch insert. */
    private interface RowBinder {
        void bind(PreparedStatement ps, int row) throws SQLException;
    }

    /**
     * One statement in plain JDBC, for the two every batch runs (head, checkpoint): Jdbi's statement set-up costs
     * about as much as SQLite's own work on statements this small. Tiles, written about twice per 256 entries, keep
     * {@link Dialect#upsert}.
     */
    private static int update(Handle h, String sql, Binder binder) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * A plain JDBC batch on the transaction's connection: the integrator's hot path, where Jdbi's per-row
     * named-argument binding cost more than the insert itself.
     */
    private static void batch(Handle h, String sql, int rows, RowBinder binder) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                binder.bind(ps, i);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** The stored tile (its hashes, 32 bytes each), if there is a row for it. */
    public Optional<byte[]> tile(Handle h, TileId id) {
        return h.createQuery("SELECT hashes FROM ledger_tiles WHERE lvl = :lvl AND idx = :idx")
                .bind("lvl", id.level()).bind("idx", id.index()).mapTo(byte[].class).findOne();
    }

    /** The stored tiles among {@code ids}, in one query (absent ones are missing from the map). */
    public Map<TileId, byte[]> tiles(Handle h, Collection<TileId> ids) {
        Map<TileId, byte[]> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String where = String.join(" OR ", Collections.nCopies(ids.size(), "(lvl = ? AND idx = ?)"));
        var query = h.createQuery("SELECT lvl, idx, hashes FROM ledger_tiles WHERE " + where);
        int position = 0;
        for (TileId id : ids) {
            query.bind(position++, id.level()).bind(position++, id.index());
        }
        query.map((rs, ctx) -> Map.entry(new TileId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3)))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    public Optional<byte[]> leaf(Handle h, long index) {
        return h.createQuery("SELECT leaf FROM ledger_entries WHERE idx = :idx").bind("idx", index)
                .mapTo(byte[].class).findOne();
    }

    public List<byte[]> leaves(Handle h, long from, int count) {
        return h.createQuery("SELECT leaf FROM ledger_entries WHERE idx >= :from AND idx < :to ORDER BY idx")
                .bind("from", from).bind("to", from + count).mapTo(byte[].class).list();
    }

    /** Index of the newest entry of a collection (null = entries without collection) below {@code size}. */
    public Optional<Long> latestIndex(Handle h, String collection, long size) {
        String where = collection == null ? "collection_id IS NULL" : "collection_id = :c";
        return h.createQuery("SELECT MAX(idx) FROM ledger_entries WHERE " + where + " AND idx < :size")
                .bind("c", collection).bind("size", size).mapTo(Long.class).findOne();
    }

    public void insertCheckpoint(Handle h, CheckpointRow row) {
        update(h, "INSERT INTO ledger_checkpoints (tree_size, root, note, created_ms) VALUES (?, ?, ?, ?)", ps -> {
            ps.setLong(1, row.size());
            ps.setBytes(2, row.root());
            ps.setString(3, row.note());
            ps.setLong(4, row.createdMillis());
        });
    }

    public Optional<CheckpointRow> checkpoint(Handle h, long size) {
        return h.createQuery("SELECT tree_size, root, note, created_ms FROM ledger_checkpoints WHERE tree_size = :s")
                .bind("s", size)
                .map((rs, ctx) -> new CheckpointRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4)))
                .findOne();
    }

    public Optional<CheckpointRow> latestCheckpoint(Handle h) {
        return h.createQuery("SELECT tree_size, root, note, created_ms FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1")
                .map((rs, ctx) -> new CheckpointRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4)))
                .findOne();
    }

    public void insertCosignature(Handle h, long size, String name, int keyId, String line) {
        h.createUpdate(dialect.upsert("ledger_cosignatures", List.of("tree_size", "key_name", "key_id"), List.of("line")))
                .bind("tree_size", size).bind("key_name", name).bind("key_id", Integer.toUnsignedLong(keyId))
                .bind("line", line).execute();
    }

    public List<String> cosignatures(Handle h, long size) {
        return h.createQuery("SELECT line FROM ledger_cosignatures WHERE tree_size = :s ORDER BY key_name, key_id")
                .bind("s", size).mapTo(String.class).list();
    }
}
