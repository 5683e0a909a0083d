package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.internal.EntryCodec;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.testing.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: a separate JVM appends from 8 threads and is killed with SIGKILL in the middle of the
 * stream, twice on the same store; afterwards every acknowledged entry is present with its content and the
 * tree recomputed from all leaves matches the newest signed checkpoint.
 */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    void every_acknowledged_append_survives_kill_9_on_sqlite() throws Exception {
        String url = TestStores.freshSqliteUrl(dir).file().toString();
        crashTwiceAndCheck("sqlite:" + url);
    }

    @Test
    void every_acknowledged_append_survives_kill_9_on_postgresql() throws Exception {
        crashTwiceAndCheck(TestStores.freshPostgresUrl().toString());
    }

    private void crashTwiceAndCheck(String url) throws Exception {
        NoteSigner signer = NoteSigner.generate(LedgerContractTest.ORIGIN);
        String key = Base64.getEncoder().encodeToString(signer.privateKeyPkcs8());
        Map<Long, String> acknowledged = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.putAll(runAndKill(url, key, 250));
        }
        try (Store store = Store.open(StoreUrl.parse(url), dir);
             Ledger ledger = Ledger.open(store, LedgerConfig.defaults(LedgerContractTest.ORIGIN), signer)) {
            List<String> missing = new ArrayList<>();
            List<byte[]> leaves = LedgerContractTest.allLeaves(ledger, ledger.size());
            acknowledged.forEach((index, content) -> {
                String stored = index >= leaves.size() ? null : new String(
                        EntryCodec.decode(index, leaves.get(index.intValue())).content(), StandardCharsets.UTF_8);
                if (!content.equals(stored)) {
                    missing.add(index + " expected " + content + " found " + stored);
                }
            });
            assertThat(missing).isEmpty();
            assertThat(ledger.size()).isGreaterThanOrEqualTo(acknowledged.size());
            LedgerContractTest.assertTreeVerifies(ledger, signer.verifier());
            assertThat(ledger.append(NewEntry.of("text/plain", new byte[1]))).isEqualTo(ledger.size() - 1);
        }
    }

    /** Records a complete {@code ACK <index> <content>} line; other output (logging, a torn last line) is skipped. */
    private static void record(String line, Map<Long, String> acks) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ACK") && parts[2].split("-").length == 3) {
            acks.put(Long.parseLong(parts[1]), parts[2]);
        }
    }

    /** Starts the append loop, reads acknowledgements until {@code count}, kills it; returns index → content. */
    private Map<Long, String> runAndKill(String url, String key, int count) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), AppendLoop.class.getName(), url, dir.toString(), key, "8")
                .redirectError(dir.resolve("append-loop.err").toFile()).start();
        Map<Long, String> acks = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acks.size() < count && (line = in.readLine()) != null) {
                record(line, acks);
            }
            p.destroyForcibly(); // SIGKILL, while the other threads are still appending
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // Java closes the pipe on destroy: lines acknowledged after the last one read are not checked.
        } finally {
            p.destroyForcibly();
        }
        assertThat(acks).as("acknowledgements (see %s)", dir.resolve("append-loop.err")).hasSizeGreaterThanOrEqualTo(count);
        return acks;
    }
}
