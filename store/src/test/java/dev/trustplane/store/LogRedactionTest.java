package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.trustplane.store.testing.TestStores;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With every logger at DEBUG, a store's whole life (and a failed open) never logs the password.
 * Isolated: it turns the root logger to DEBUG, which must not flood tests running beside it.
 */
@Isolated
class LogRedactionTest {

    private static final String SECRET = "Zz-log-secret-9";

    @TempDir
    Path dataDir;

    @Test
    void password_never_reaches_the_logs() throws Exception {
        PostgresUrl fresh = TestStores.freshPostgresUrl();
        // The embedded server trusts local users, so any password works; a real server's password is kept.
        String secret = fresh.hasPassword() ? fresh.password() : SECRET;
        PostgresUrl withPassword = fresh.hasPassword() ? fresh
                : PostgresUrl.of(fresh.host(), fresh.port(), fresh.database(), fresh.user().orElse(null), SECRET, Map.of());
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var unreachable = PostgresUrl.of("127.0.0.1", closedPort, "trust", "tp", secret, Map.of());

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        var captured = new ListAppender<ILoggingEvent>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        try {
            try (Store store = Store.open(withPassword, dataDir)) {
                store.migrate("storetest_a");
                store.useTransaction(h -> h.execute("INSERT INTO storetest_items (name) VALUES ('x')"));
                assertThat(store.isReachable()).isTrue();
                assertThat(store.toString()).doesNotContain(secret);
            }
            try {
                Store.open(unreachable, dataDir).close();
            } catch (StoreException expected) {
                assertThat(expected.getMessage()).doesNotContain(secret);
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
        }
        String logs = captured.list.stream().map(LogRedactionTest::render).collect(Collectors.joining("\n"));
        assertThat(logs).contains("Opened store postgresql://").contains(":***@");
        assertThat(logs).doesNotContain(secret);
    }

    private static String render(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        return event.getThrowableProxy() == null ? text : text + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
}
