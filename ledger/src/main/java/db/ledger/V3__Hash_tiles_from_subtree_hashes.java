package db.ledger;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves a V1 ledger's subtree hashes into hash tiles (V2) and drops {@code ledger_nodes}: the hashes of tree
 * levels 0, 8, 16, … become tiles of 256; at level 0 only full tiles are kept (the unfinished one is
 * recomputed from its entries), at higher levels the unfinished tile too. Levels in between are not needed: they
 * are folded from the tiles. Runs in Flyway's transaction, so a failure leaves V1 as it was. A gap in a level's
 * indexes means the V1 tree was already broken: the migration then fails rather than store a wrong tile.
 */
public class V3__Hash_tiles_from_subtree_hashes extends BaseJavaMigration {
    private static final int WIDTH = 256;
    private static final int HASH = 32;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        long size;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT tree_size FROM ledger_head WHERE id = 1")) {
            size = rs.next() ? rs.getLong(1) : 0;
        }
        try (PreparedStatement read = db.prepareStatement("SELECT idx, hash FROM ledger_nodes WHERE lvl = ? ORDER BY idx");
             PreparedStatement write = db.prepareStatement("INSERT INTO ledger_tiles (lvl, idx, hashes) VALUES (?, ?, ?)")) {
            for (int level = 0; level * 8 < 63 && (size >>> (level * 8)) > 0; level++) {
                copyLevel(read, write, level, size >>> (level * 8));
            }
            write.executeBatch();
        }
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE ledger_nodes");
        }
    }

    /** Copies the {@code count} hashes of tree level 8·level into tiles. */
    private static void copyLevel(PreparedStatement read, PreparedStatement write, int level, long count) throws SQLException {
        read.setInt(1, level * 8);
        var tile = new ByteArrayOutputStream(WIDTH * HASH);
        long next = 0;
        try (ResultSet rs = read.executeQuery()) {
            while (next < count && rs.next()) {
                byte[] hash = rs.getBytes(2);
                if (rs.getLong(1) != next || hash.length != HASH) {
                    throw new SQLException("ledger_nodes has no valid hash " + (level * 8) + "/" + next
                            + "; the stored tree is inconsistent and cannot be migrated");
                }
                tile.writeBytes(hash);
                next++;
                if (next % WIDTH == 0) {
                    add(write, level, next / WIDTH - 1, tile.toByteArray());
                    tile.reset();
                }
            }
        }
        if (next != count) {
            throw new SQLException("ledger_nodes has " + next + " hashes at tree level " + (level * 8) + "; the head needs " + count);
        }
        if (level > 0 && tile.size() > 0) {
            add(write, level, next / WIDTH, tile.toByteArray());
        }
    }

    private static void add(PreparedStatement write, int level, long index, byte[] hashes) throws SQLException {
        write.setInt(1, level);
        write.setLong(2, index);
        write.setBytes(3, hashes);
        write.addBatch();
    }
}
