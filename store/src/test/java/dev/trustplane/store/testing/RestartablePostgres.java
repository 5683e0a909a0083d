package dev.trustplane.store.testing;

import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.TestAccess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * An embedded PostgreSQL server owned by one test, for outage tests: it can be stopped and started again on the
 * same port and data directory while the shared server of {@link TestStores} keeps serving the test classes that
 * run at the same time. Unlike the shared server it keeps {@code synchronous_commit} on, so a commit it
 * acknowledged survives {@link #stop}, as in production.
 *
 * <p>Skipped (JUnit "aborted", with the reason) when the tests use a server given with
 * {@code TRUSTPLANE_TEST_PG_URL}, which is not the tests' to stop, or with {@code TRUSTPLANE_TEST_PG=skip}.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDir;
    private EmbeddedPostgres server;
    private int port;

    private RestartablePostgres(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts a new server with its data in {@code dataDir} (empty or absent; the caller deletes it afterwards). */
    public static RestartablePostgres start(Path dataDir) {
        if ("skip".equalsIgnoreCase(System.getenv(PostgresServer.MODE_ENV))) {
            Assumptions.abort("PostgreSQL tests skipped: " + PostgresServer.MODE_ENV + "=skip");
        }
        String external = System.getenv(PostgresServer.URL_ENV);
        Assumptions.assumeTrue(external == null || external.isBlank(), "restart tests need an embedded PostgreSQL "
                + "they may stop; " + PostgresServer.URL_ENV + " names a server of yours");
        RestartablePostgres pg = new RestartablePostgres(dataDir);
        pg.startServer();
        return pg;
    }

    /** Creates an empty database and returns its location. */
    public PostgresUrl createDatabase() {
        PostgresUrl admin = PostgresUrl.of("localhost", port, "postgres", "postgres", null, Map.of());
        try (Connection c = TestAccess.openAdminConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE trustplane");
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE failed on the restartable server: " + e.getMessage(), e);
        }
        return admin.withDatabase("trustplane");
    }

    /**
     * Fast shutdown ({@code pg_ctl stop -m fast}): sessions are cut off, transactions in flight roll back, and the
     * port refuses connections until {@link #restart}.
     */
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server again on the same port and data directory. */
    public void restart() {
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private void startServer() {
        try {
            var builder = PostgresServer.EmbeddedServer.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
            if (port != 0) {
                builder.setPort(port);
            }
            server = builder.start();
            port = server.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL could not start in " + dataDir + ": " + e, e);
        }
    }
}
