package db.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On SQLite, rebuilds {@code ledger_entries} and {@code ledger_checkpoints} so that their key is the table's rowid.
 *
 * <p>Why: SQLite makes a column the rowid only when it is declared exactly {@code INTEGER PRIMARY KEY}; V1 declared
 * {@code BIGINT ... PRIMARY KEY}, which SQLite keeps as a second b-tree beside the table. Every append batch then
 * dirtied one more page per table, and each dirty page is one more WAL frame written and synced by the commit that
 * acknowledges the batch; that index also stored every entry's index a second time. Same columns, same values,
 * same 64-bit range: only the storage changes. PostgreSQL's {@code BIGINT PRIMARY KEY} is already the table's key:
 * nothing to do there.
 *
 * <p>Runs in Flyway's transaction (SQLite DDL is transactional), so a failure leaves the V3 tables as they were.
 * The copy rewrites the log once: about 4 s per million entries on two vCPUs. The old tables' pages stay in the
 * file as free pages (reused by later appends; SQLite does not shrink a file without {@code VACUUM}), so the
 * upgrade needs free disk of up to twice the ledger's size: the new copy, and its pages in the WAL until the
 * checkpoint.
 */
public class V4__Sqlite_integer_keys extends BaseJavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(V4__Sqlite_integer_keys.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        if (!db.getMetaData().getDatabaseProductName().equalsIgnoreCase("SQLite")) {
            return;
        }
        try (Statement st = db.createStatement()) {
            rebuild(st, "ledger_entries", "idx INTEGER NOT NULL PRIMARY KEY, collection_id TEXT, leaf BLOB NOT NULL",
                    "idx, collection_id, leaf", "idx");
            st.execute("CREATE INDEX ledger_entries_by_collection ON ledger_entries (collection_id, idx)");
            rebuild(st, "ledger_checkpoints", "tree_size INTEGER NOT NULL PRIMARY KEY, root BLOB NOT NULL, "
                    + "note TEXT NOT NULL, created_ms BIGINT NOT NULL", "tree_size, root, note, created_ms", "tree_size");
        }
    }

    /** Replaces {@code table} by a copy with the new {@code definition} (SQLite's recipe), checked by its row count. */
    private static void rebuild(Statement st, String table, String definition, String columns, String key)
            throws SQLException {
        long rows = count(st, table);
        if (rows > 0) {
            LOG.info("Rebuilding {} ({} rows) with an integer key (once, on upgrade)", table, rows);
        }
        st.execute("CREATE TABLE " + table + "_v4 (" + definition + ")");
        st.execute("INSERT INTO " + table + "_v4 (" + columns + ") SELECT " + columns + " FROM " + table
                + " ORDER BY " + key);
        st.execute("DROP TABLE " + table);
        st.execute("ALTER TABLE " + table + "_v4 RENAME TO " + table);
        if (count(st, table) != rows) {
            throw new SQLException("the rebuilt " + table + " does not hold the " + rows + " rows it had");
        }
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
