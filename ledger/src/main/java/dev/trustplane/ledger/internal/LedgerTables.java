package dev.trustplane.ledger.internal;

import dev.trustplane.store.Dialect;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for the ledger's tables (see {@code db/ledger/V1__ledger.sql}); every method runs on a given handle. */
public final class LedgerTables {
    /** A row of ledger_checkpoints. */
    public record CheckpointRow(long size, byte[] root, String note, long createdMillis) {}

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

    public void setHead(Handle h, long size) {
        h.createUpdate("UPDATE ledger_head SET tree_size = :size WHERE id = 1").bind("size", size).execute();
    }

    public void insertEntries(Handle h, long first, List<byte[]> leaves, List<String> collections) {
        PreparedBatch b = h.prepareBatch("INSERT INTO ledger_entries (idx, collection_id, leaf) VALUES (:idx, :c, :leaf)");
        for (int i = 0; i < leaves.size(); i++) {
            b.bind("idx", first + i).bind("c", collections.get(i)).bind("leaf", leaves.get(i)).add();
        }
        b.execute();
    }

    /** Inserts new subtree hashes. */
    public void insertNodes(Handle h, Map<NodeId, byte[]> nodes) {
        PreparedBatch b = h.prepareBatch("INSERT INTO ledger_nodes (lvl, idx, hash) VALUES (:lvl, :idx, :hash)");
        nodes.forEach((id, hash) -> b.bind("lvl", id.level()).bind("idx", id.index()).bind("hash", hash).add());
        b.execute();
    }

    public Optional<byte[]> node(Handle h, int level, long index) {
        return h.createQuery("SELECT hash FROM ledger_nodes WHERE lvl = :lvl AND idx = :idx")
                .bind("lvl", level).bind("idx", index).mapTo(byte[].class).findOne();
    }

    /** Hashes at {@code level} with index in [from, from+count), in order. */
    public List<byte[]> nodes(Handle h, int level, long from, int count) {
        return h.createQuery("SELECT hash FROM ledger_nodes WHERE lvl = :lvl AND idx >= :from AND idx < :to ORDER BY idx")
                .bind("lvl", level).bind("from", from).bind("to", from + count).mapTo(byte[].class).list();
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
        h.createUpdate("INSERT INTO ledger_checkpoints (tree_size, root, note, created_ms) VALUES (:s, :r, :n, :t)")
                .bind("s", row.size()).bind("r", row.root()).bind("n", row.note()).bind("t", row.createdMillis())
                .execute();
    }

    public Optional<CheckpointRow> checkpoint(Handle h, long size) {
        return h.createQuery("SELECT tree_size, root, note, created_ms FROM ledger_checkpoints WHERE tree_size = :s")
                .bind("s", size)
                .map((rs, ctx) -> new CheckpointRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4)))
                .findOne();
    }

    public Optional<CheckpointRow> latestCheckpoint(Handle h) {
        return h.createQuery("SELECT MAX(tree_size) FROM ledger_checkpoints").mapTo(Long.class).findOne()
                .flatMap(size -> checkpoint(h, size));
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
