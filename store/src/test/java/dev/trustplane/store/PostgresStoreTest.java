package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustplane.store.testing.TestStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContractTest {

    private static final String SECRET = "n0t-f0r-l0gs";

    @Override
    protected StoreUrl freshDatabase() {
        return TestStores.freshPostgresUrl();
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }

    private PostgresUrl pgUrl() {
        return (PostgresUrl) url;
    }

    @Test
    void unreachable_server_fails_fast_naming_host_and_port_but_not_the_password() throws IOException {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var target = PostgresUrl.of("127.0.0.1", closedPort, "trust", "tp", SECRET, Map.of());
        long start = System.nanoTime();
        var e = catchThrowableOfType(StoreException.class, () -> Store.open(target, dataDir));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE);
        assertThat(e.getMessage())
                .isEqualTo("cannot connect to PostgreSQL at 127.0.0.1:" + closedPort
                        + ", database 'trust', user 'tp': connection refused")
                .doesNotContain(SECRET);
    }

    @Test
    void silent_server_fails_within_the_login_timeout() throws Exception {
        // Accepts TCP connections and never answers: only a login timeout gets us out.
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor;
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            var target = PostgresUrl.of("127.0.0.1", silent.getLocalPort(), "trust", "tp", SECRET, Map.of());
            long start = System.nanoTime();
            var e = catchThrowableOfType(StoreException.class, () -> Store.open(target, dataDir));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE);
            assertThat(e.getMessage()).contains("127.0.0.1:" + silent.getLocalPort()).contains("timed out")
                    .doesNotContain(SECRET);
        }
        acceptor.join();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void missing_database_is_named_as_such() {
        var target = pgUrl().withDatabase("no_such_db_here");
        var e = catchThrowableOfType(StoreException.class, () -> Store.open(target, dataDir));
        assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE);
        assertThat(e.getMessage()).contains(pgUrl().hostAndPort()).contains("'no_such_db_here'")
                .endsWith("database does not exist");
    }

    @Test
    void reachability_follows_an_outage_and_the_recovery() throws Exception {
        assertThat(store.isReachable()).isTrue();
        String db = pgUrl().database();
        adminExecute("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS false");
        adminExecute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
        try {
            assertThat(store.isReachable(Duration.ofSeconds(2))).isFalse();
            var e = catchThrowableOfType(StoreException.class, () -> store.useTransaction(h -> h.execute("SELECT 1")));
            assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE);
            assertThat(e.getMessage()).contains(pgUrl().hostAndPort()).doesNotContain("SELECT");
        } finally {
            adminExecute("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS true");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean back = false;
        while (!back && System.nanoTime() < deadline) {
            back = store.isReachable();
        }
        assertThat(back).as("reachable again after the outage").isTrue();
    }

    private void adminExecute(String sql) throws Exception {
        try (Connection c = TestAccess.openAdminConnection(pgUrl().withDatabase("postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
