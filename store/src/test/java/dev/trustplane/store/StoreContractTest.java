package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every engine behind {@link Store} must do. Subclasses say how to get a fresh, empty database.
 * Test migrations live under {@code src/test/resources/db/storetest_*}.
 */
public abstract class StoreContractTest {

    @TempDir
    protected Path dataDir;

    protected StoreUrl url;
    protected Store store;

    /** A location of a new, empty database. */
    protected abstract StoreUrl freshDatabase();

    protected abstract Dialect expectedDialect();

    @BeforeEach
    void openFreshStore() {
        url = freshDatabase();
        store = Store.open(url, dataDir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when the engine is unavailable and the test was skipped or failed early
            store.close();
        }
    }

    protected Store reopen() {
        store.close();
        store = Store.open(url, dataDir);
        return store;
    }

    private long count(String table) {
        return number("SELECT COUNT(*) FROM " + table);
    }

    private List<String> strings(String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private byte[] bytes(String sql, long id) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(byte[].class).one());
    }

    private long number(String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private void insertItem(Handle h, String name) {
        h.createUpdate("INSERT INTO storetest_items (name, payload) VALUES (:name, :payload)")
                .bind("name", name).bind("payload", name.getBytes(StandardCharsets.UTF_8)).execute();
    }

    @Test
    void reports_its_dialect() {
        assertThat(store.dialect()).isEqualTo(expectedDialect());
        assertThat(url.dialect()).isEqualTo(expectedDialect());
    }

    @Test
    void migrations_run_once_and_are_idempotent_across_reopen() {
        assertThat(store.isMigrated("storetest_a")).isFalse();
        assertThat(store.migrate("storetest_a")).isEqualTo(new Migration("storetest_a", "2", 2));
        assertThat(store.migrate("storetest_a")).isEqualTo(new Migration("storetest_a", "2", 0));
        assertThat(store.isMigrated("storetest_a")).isTrue();
        store.useTransaction(h -> insertItem(h, "before-reopen"));

        reopen();
        assertThat(store.migrations()).isEmpty();
        assertThat(store.migrate("storetest_a")).isEqualTo(new Migration("storetest_a", "2", 0));
        assertThat(strings("SELECT name FROM storetest_items")).containsExactly("before-reopen");
        assertThat(count("flyway_history_storetest_a")).as("V1, V2, no duplicates").isEqualTo(2);
    }

    @Test
    void owners_have_independent_history_tables() {
        store.migrate("storetest_a");
        // The schema is no longer empty; the second owner must still get its V1 applied.
        assertThat(store.migrate("storetest_b")).isEqualTo(new Migration("storetest_b", "1", 1));
        assertThat(store.migrations().keySet()).containsExactlyInAnyOrder("storetest_a", "storetest_b");

        List<String> historyA = strings(
                "SELECT script FROM flyway_history_storetest_a WHERE version <> '0' ORDER BY installed_rank");
        List<String> historyB = strings(
                "SELECT script FROM flyway_history_storetest_b WHERE version <> '0' ORDER BY installed_rank");
        assertThat(historyA).containsExactly("V1__create_items.sql", "V2__add_counter.sql");
        assertThat(historyB).containsExactly("V1__create_events.sql");
        assertThat(count("storetest_events")).isZero();
    }

    @Test
    void vendor_folders_select_engine_specific_scripts() {
        Migration result = store.migrate("storetest_vendor", "db/storetest_vendor/{vendor}");
        assertThat(result.applied()).isEqualTo(1);
        assertThat(strings("SELECT name FROM storetest_engine")).containsExactly(expectedDialect().vendor());
    }

    @Test
    void placeholders_give_generated_ids_and_binary_columns() {
        store.migrate("storetest_a");
        byte[] bytes = {0, 1, (byte) 0xff, 0x7f, 0};
        long first = store.inTransaction(h -> h.createUpdate("INSERT INTO storetest_items (name, payload) VALUES ('a', :p)")
                .bind("p", bytes).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        long second = store.inTransaction(h -> h.createUpdate("INSERT INTO storetest_items (name) VALUES ('b')")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        assertThat(second).isGreaterThan(first);
        assertThat(bytes("SELECT payload FROM storetest_items WHERE id = :id", first)).containsExactly(bytes);
    }

    @Test
    void missing_migrations_are_an_error_not_a_silent_success() {
        assertThatThrownBy(() -> store.migrate("storetest_nothing_here"))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.MIGRATION_FAILED);
                    assertThat(e.getMessage()).contains("storetest_nothing_here").doesNotContain("\n");
                });
        assertThat(store.isMigrated("storetest_nothing_here")).isFalse();
    }

    @Test
    void failing_migration_is_reported_in_one_line_without_sql() {
        assertThatThrownBy(() -> store.migrate("storetest_broken"))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.MIGRATION_FAILED);
                    assertThat(e.getMessage()).contains("storetest_broken")
                            .doesNotContain("\n").doesNotContainIgnoringCase("CREATE TABLE");
                });
        assertThat(store.isMigrated("storetest_broken")).isFalse();
    }

    @Test
    void invalid_owner_names_are_rejected() {
        assertThatThrownBy(() -> store.migrate("Ledger; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.migrate("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jdbi_is_read_only_so_writes_cannot_bypass_transactions() {
        store.migrate("storetest_a");
        assertThatThrownBy(() -> store.jdbi().useHandle(h -> insertItem(h, "sneaky")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store.jdbi().useTransaction(h -> insertItem(h, "sneaky")))
                .isInstanceOf(RuntimeException.class);
        assertThat(count("storetest_items")).isZero();
    }

    @Test
    void transaction_commits() {
        store.migrate("storetest_a");
        store.useTransaction(h -> {
            insertItem(h, "one");
            insertItem(h, "two");
        });
        assertThat(count("storetest_items")).isEqualTo(2);
    }

    @Test
    void exception_inside_transaction_rolls_everything_back_and_reaches_the_caller() {
        store.migrate("storetest_a");
        var failure = new IOException("disk on fire");
        assertThatThrownBy(() -> store.useTransaction(h -> {
            insertItem(h, "one");
            insertItem(h, "two");
            throw failure;
        })).isSameAs(failure);
        assertThat(count("storetest_items")).isZero();
        // The connection went back clean: the next transaction works.
        store.useTransaction(h -> insertItem(h, "three"));
        assertThat(count("storetest_items")).isEqualTo(1);
    }

    @Test
    void nested_transaction_on_the_same_thread_joins_the_outer_one() {
        store.migrate("storetest_a");
        assertThatThrownBy(() -> store.useTransaction(outer -> {
            insertItem(outer, "outer");
            store.useTransaction(inner -> insertItem(inner, "inner"));
            throw new IllegalStateException("abort both");
        })).hasMessage("abort both");
        assertThat(count("storetest_items")).isZero();
    }

    @Test
    void concurrent_writers_all_succeed() throws Exception {
        store.migrate("storetest_b");
        int threads = 8;
        int perThread = 200;
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    long seq = (long) thread * perThread + i;
                    store.useTransaction(h -> insertEvent(h, seq, thread));
                }
                return null;
            });
        }
        // Readers run meanwhile and must never see a count going backwards or fail.
        Callable<Void> reader = () -> {
            long last = 0;
            for (int i = 0; i < 100; i++) {
                long now = count("storetest_events");
                assertThat(now).isGreaterThanOrEqualTo(last);
                last = now;
            }
            return null;
        };
        List<Callable<Void>> all = new ArrayList<>(writers);
        all.add(reader);
        all.add(reader);
        try (ExecutorService pool = Executors.newFixedThreadPool(all.size())) {
            for (Future<Void> f : pool.invokeAll(all)) {
                f.get(); // rethrows any failure (e.g. SQLITE_BUSY)
            }
        }
        assertThat(count("storetest_events")).isEqualTo((long) threads * perThread);
        assertThat(number("SELECT MAX(seq) FROM storetest_events")).isEqualTo(threads * perThread - 1L);
    }

    private static void insertEvent(Handle h, long seq, int thread) {
        h.createUpdate("INSERT INTO storetest_events (seq, thread, body) VALUES (:seq, :thread, :body)")
                .bind("seq", seq).bind("thread", "t" + thread).bind("body", "event " + seq).execute();
    }

    @Test
    void data_survives_close_and_reopen() {
        store.migrate("storetest_a");
        store.useTransaction(h -> insertItem(h, "kept"));
        reopen();
        assertThat(bytes("SELECT payload FROM storetest_items WHERE name = 'kept' AND id >= :id", 0))
                .isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void upsert_helper_inserts_then_updates() {
        store.migrate("storetest_a");
        String sql = store.dialect().upsert("storetest_settings", List.of("name"), List.of("value"));
        store.useTransaction(h -> h.createUpdate(sql).bind("name", "mode").bind("value", "a").execute());
        store.useTransaction(h -> h.createUpdate(sql).bind("name", "mode").bind("value", "b").execute());
        assertThat(strings("SELECT value FROM storetest_settings WHERE name = 'mode'")).containsExactly("b");
    }

    @Test
    void unique_violations_are_recognised_other_failures_are_not() {
        store.migrate("storetest_a");
        store.useTransaction(h -> insertItem(h, "dup"));
        Throwable duplicate = catchFailure(() -> store.useTransaction(h -> insertItem(h, "dup")));
        Throwable notNull = catchFailure(() -> store.useTransaction(
                h -> h.execute("INSERT INTO storetest_items (name) VALUES (NULL)")));
        assertThat(store.dialect().isUniqueViolation(duplicate)).isTrue();
        assertThat(store.dialect().isUniqueViolation(notNull)).isFalse();
    }

    private static Throwable catchFailure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void is_reachable_while_open_and_not_after_close() {
        assertThat(store.isReachable()).isTrue();
        assertThat(store.isReachable(Duration.ofMillis(500))).isTrue();
        store.close();
        store.close(); // idempotent
        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(() -> store.useTransaction(h -> h.execute("SELECT 1")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.CLOSED));
        assertThatThrownBy(() -> store.migrate("storetest_a"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.CLOSED));
    }
}
