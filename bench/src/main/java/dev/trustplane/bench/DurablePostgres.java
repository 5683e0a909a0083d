package dev.trustplane.bench;

import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.testing.TestStores;
import java.util.Map;

/**
 * A PostgreSQL for benchmarks of durable writes: an embedded server with production durability ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on), so that a commit waits for its WAL flush as it would in
 * a deployment and as SQLite's does. The tests' shared server turns all three off for speed, which makes a commit
 * nearly free and a ledger-versus-raw ratio a comparison of round trips alone. {@code TRUSTPLANE_TEST_PG_URL}, when
 * set, names a server of the user's with its own settings, used as it is.
 */
final class DurablePostgres {
    /** Kept for the JVM's life; the embedded server's shutdown hook stops it. */
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres running;
    private static int databases;

    private DurablePostgres() {}

    /** A new, empty database on the durable server (started on first use). */
    static synchronized StoreUrl freshDatabase() throws java.io.IOException, java.sql.SQLException {
        String external = System.getenv("TRUSTPLANE_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return TestStores.freshPostgresUrl();
        }
        if (running == null) {
            running = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
        }
        String name = "bench_" + ++databases;
        try (var db = running.getPostgresDatabase().getConnection(); var st = db.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return PostgresUrl.of("localhost", running.getPort(), name, "postgres", null, Map.of());
    }
}
