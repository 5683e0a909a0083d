package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.internal.EntryCodec;
import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.store.Dialect;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger written by schema V1 (one row per subtree hash) migrates to hash tiles (V3) and, on SQLite, to tables keyed
 * by their rowid (V4): afterwards the same root is signed, every entry, tile and proof matches the reference, and
 * appends go on.
 */
class TileMigrationTest {
    private static final int SIZE = 700; // two full level-0 tiles and an unfinished one

    @TempDir
    Path dir;

    @Test
    void a_v1_ledger_migrates_to_tiles_with_the_same_tree() throws Exception {
        Path file = dir.resolve("v1.db");
        NoteSigner signer = NoteSigner.generate(LedgerContractTest.ORIGIN);
        Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null).locations("classpath:db/ledger")
                .table("flyway_history_ledger").placeholders(Dialect.SQLITE.migrationPlaceholders())
                .baselineOnMigrate(true).baselineVersion("0").target("1").load().migrate();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            leaves.add(EntryCodec.encode(LedgerContractTest.entry(i), 1_700_000_000_000L + i));
        }
        byte[] root = LedgerContractTest.rootOf(leaves);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeV1(db, leaves, signer.sign(new Checkpoint(LedgerContractTest.ORIGIN, SIZE, root).body()).format(), root);
        }
        try (Store store = Store.open(new SqliteUrl(file), dir);
             Ledger ledger = Ledger.open(store, LedgerConfig.defaults(LedgerContractTest.ORIGIN), signer)) {
            int v1Tables = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ledger_nodes'").mapTo(Integer.class).one());
            assertThat(v1Tables).isZero();
            List<String> secondKeyTrees = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('ledger_entries', 'ledger_checkpoints')")
                    .mapTo(String.class).list());
            assertThat(secondKeyTrees).as("only the collection index is left beside the rowid tables")
                    .containsExactly("ledger_entries_by_collection");
            assertThat(ledger.checkpoint().text()).isEqualTo(new Checkpoint(LedgerContractTest.ORIGIN, SIZE, root).body());
            for (int i = 0; i < SIZE; i++) {
                assertThat(ledger.entry(i).orElseThrow().leaf()).isEqualTo(leaves.get(i));
            }
            List<String> tiles = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT lvl || '/' || idx || ':' || length(hashes) FROM ledger_tiles ORDER BY lvl, idx").mapTo(String.class).list());
            assertThat(tiles).containsExactly("0/0:8192", "0/1:8192", "1/0:64");
            assertThat(ledger.rootHash(SIZE)).isEqualTo(root);
            for (int i = 0; i < SIZE; i++) {
                assertThat(MerkleTrees.verifyInclusion(i, SIZE, Hashes.leaf(leaves.get(i)), ledger.inclusionProof(i, SIZE), root)).isTrue();
            }
            assertThat(ledger.tile(TilePath.parse("0/002.p/188")))
                    .isEqualTo(LedgerContractTest.concat(leaves.subList(512, 700).stream().map(Hashes::leaf).toList()));
            assertThat(ledger.append(LedgerContractTest.entry(SIZE))).isEqualTo(SIZE);
            LedgerContractTest.assertTreeVerifies(ledger, signer.verifier());
        }
    }

    /** The rows V1 kept: entries, every complete subtree hash, the checkpoint and the head. */
    private static void writeV1(Connection db, List<byte[]> leaves, String note, byte[] root) throws Exception {
        try (PreparedStatement entries = db.prepareStatement("INSERT INTO ledger_entries (idx, collection_id, leaf) VALUES (?, ?, ?)");
             PreparedStatement nodes = db.prepareStatement("INSERT INTO ledger_nodes (lvl, idx, hash) VALUES (?, ?, ?)")) {
            List<byte[]> level = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                entries.setLong(1, i);
                entries.setString(2, LedgerContractTest.entry(i).collectionId());
                entries.setBytes(3, leaves.get(i));
                entries.addBatch();
                level.add(Hashes.leaf(leaves.get(i)));
            }
            for (int lvl = 0; !level.isEmpty(); lvl++) {
                List<byte[]> up = new ArrayList<>();
                for (int i = 0; i < level.size(); i++) {
                    nodes.setInt(1, lvl);
                    nodes.setLong(2, i);
                    nodes.setBytes(3, level.get(i));
                    nodes.addBatch();
                    if (i % 2 == 1) {
                        up.add(Hashes.node(level.get(i - 1), level.get(i)));
                    }
                }
                level = up;
            }
            entries.executeBatch();
            nodes.executeBatch();
        }
        try (PreparedStatement cp = db.prepareStatement(
                "INSERT INTO ledger_checkpoints (tree_size, root, note, created_ms) VALUES (?, ?, ?, 0)")) {
            cp.setLong(1, leaves.size());
            cp.setBytes(2, root);
            cp.setString(3, note);
            cp.executeUpdate();
        }
        try (PreparedStatement head = db.prepareStatement("UPDATE ledger_head SET tree_size = ? WHERE id = 1")) {
            head.setLong(1, leaves.size());
            head.executeUpdate();
        }
    }
}
