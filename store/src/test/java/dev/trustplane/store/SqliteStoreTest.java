package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends StoreContractTest {

    @Override
    protected StoreUrl freshDatabase() {
        return TestStores.freshSqliteUrl(dataDir);
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.SQLITE;
    }

    @Test
    void every_pooled_connection_has_the_durability_settings() {
        List<Handle> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // the whole reader pool, so no connection escapes the check
                readers.add(store.jdbi().open());
            }
            for (Handle h : readers) {
                assertCommonSettings(h);
                assertThat(pragma(h, "query_only")).isEqualTo("1");
            }
        } finally {
            readers.forEach(Handle::close);
        }
        store.useTransaction(writer -> {
            assertCommonSettings(writer);
            assertThat(pragma(writer, "query_only")).isEqualTo("0");
        });
    }

    private static void assertCommonSettings(Handle h) {
        assertThat(pragma(h, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(h, "synchronous")).isEqualTo("2"); // FULL
        assertThat(pragma(h, "busy_timeout")).isEqualTo("5000");
        assertThat(pragma(h, "foreign_keys")).isEqualTo("1");
    }

    private static String pragma(Handle h, String name) {
        return h.createQuery("PRAGMA " + name).mapTo(String.class).one();
    }

    @Test
    void two_stores_on_one_file_read_then_write_without_busy_failures() throws Exception {
        // Two Store instances stand for two processes (server and CLI): no shared in-process lock, only
        // SQLite's. Read-then-write transactions would fail at once with SQLITE_BUSY in deferred mode
        // (lock upgrade deadlock); BEGIN IMMEDIATE plus busy_timeout makes them wait instead.
        store.migrate("storetest_b");
        try (Store other = Store.open(url, dataDir)) {
            Callable<Void> writerA = () -> appendAfterReading(store, "a");
            Callable<Void> writerB = () -> appendAfterReading(other, "b");
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (Future<Void> f : pool.invokeAll(List.of(writerA, writerB))) {
                    f.get();
                }
            }
            long rows = other.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT seq) FROM storetest_events")
                    .mapTo(Long.class).one());
            assertThat(rows).isEqualTo(2 * 50L);
        }
    }

    private static Void appendAfterReading(Store target, String who) {
        for (int i = 0; i < 50; i++) {
            target.useTransaction(h -> {
                long next = h.createQuery("SELECT COALESCE(MAX(seq), -1) + 1 FROM storetest_events")
                        .mapTo(Long.class).one();
                h.execute("INSERT INTO storetest_events (seq, thread, body) VALUES (?, ?, 'x')", next, who);
            });
        }
        return null;
    }

    @Test
    void default_location_is_trustplane_db_in_the_data_directory() {
        try (Store s = Store.open(StoreUrl.parse("sqlite"), dataDir.resolve("sub"))) {
            assertThat(s.isReachable()).isTrue();
        }
        assertThat(dataDir.resolve("sub/trustplane.db")).isRegularFile();
    }

    @Test
    void relative_paths_resolve_against_the_data_directory() {
        try (Store s = Store.open(StoreUrl.parse("sqlite:nested/dir/x.db"), dataDir)) {
            assertThat(s.isReachable()).isTrue();
        }
        assertThat(dataDir.resolve("nested/dir/x.db")).isRegularFile();
    }

    @Test
    void a_directory_is_not_a_store() {
        assertThatThrownBy(() -> Store.open(new SqliteUrl(dataDir), dataDir))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.BAD_LOCATION);
                    assertThat(e.getMessage()).contains(dataDir.toString()).contains("is a directory");
                });
    }

    @Test
    void a_file_in_the_way_of_the_directory_is_named() throws Exception {
        Path blocker = Files.writeString(dataDir.resolve("blocker"), "x");
        assertThatThrownBy(() -> Store.open(new SqliteUrl(blocker.resolve("db/x.db")), dataDir))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.BAD_LOCATION);
                    assertThat(e.getMessage()).contains(blocker.toString());
                });
    }

    @Test
    void a_file_that_is_not_a_database_is_refused_clearly() throws Exception {
        Path junk = Files.write(dataDir.resolve("junk.db"), "this is not a database file, just text....".repeat(50).getBytes());
        assertThatThrownBy(() -> Store.open(new SqliteUrl(junk), dataDir))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.BAD_LOCATION);
                    assertThat(e.getMessage()).contains(junk.toString()).contains("not a SQLite database");
                });
    }
}
