package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged commits survive {@code kill -9}: a child JVM appends and acknowledges rows, is killed
 * mid-stream with SIGKILL, and every acknowledged row must be there when the file is reopened.
 * (Power-loss durability, which {@code synchronous=FULL} adds, cannot be shown by a test on one box.)
 */
class SqliteDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path dir;

    @Test
    void acknowledged_appends_survive_kill_minus_9() throws Exception {
        Path file = dir.resolve("ledger.db");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), file.toString()))
                .redirectErrorStream(true)
                .start();
        long lastAck = -1;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (lastAck < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no pool close, no checkpoint
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).as("child acknowledged appends before the kill").isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (Store store = Store.open(new SqliteUrl(file), dir)) {
            long acked = lastAck;
            String integrity = store.jdbi().withHandle(h -> h.createQuery("PRAGMA integrity_check").mapTo(String.class).one());
            assertThat(integrity).isEqualTo("ok");
            long present = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM storetest_events WHERE seq <= :acked").bind("acked", acked).mapTo(Long.class).one());
            assertThat(present).as("every acknowledged row").isEqualTo(acked + 1);
            assertThat(store.migrate("storetest_b").applied()).isZero();
        }
    }
}
