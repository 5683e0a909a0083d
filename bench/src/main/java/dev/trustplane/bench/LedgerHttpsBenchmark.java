package dev.trustplane.bench;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Ledger appends over HTTPS, through the Azure Confidential Ledger write route a client would use
 * ({@code POST /app/transactions?api-version=2022-05-13}, bearer token, JSON body with 100 characters of
 * contents), against a server started in this JVM exactly as {@code trustplane serve} starts it (SQLite in its
 * data dir, development TLS, TLS 1.3).
 *
 * <p>Baselines measured in the same rounds: raw inserts of the same rows in 32-row transactions into the
 * server's own SQLite file (opened a second time while the server is idle; the fair floor, see
 * {@link LedgerAppendBenchmark}), and the HTTPS ceiling: {@code GET /healthz} at the same concurrency, which
 * costs a TLS request and response and nothing else, and an authenticated read
 * ({@code GET /app/transactions/current}: token check, one entry read, JSON). The client is {@link H2Load}
 * in its own process, HTTP/1.1 with one keep-alive connection per caller.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.trustplane.bench.LedgerHttpsBenchmark
 * [secondsPerMeasurement=3] [rounds=5] [callers=32]} (needs h2load)
 */
public final class LedgerHttpsBenchmark {
    private LedgerHttpsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        H2Load.requireInstalled();
        String provider = dev.trustplane.evidence.FastCrypto.install(); // as trustplane serve does at start
        Path dir = Files.createTempDirectory("ledger-https-bench");
        System.out.printf("load average at start: %s; cpus: %d; preferred provider: %s; data dir: %s%n",
                BenchSupport.loadAverage(), Runtime.getRuntime().availableProcessors(), provider, dir);
        try (TrustplaneServer server = TrustplaneServer.start(ServerConfig.forTests(dir), List.of());
             Store store = Store.open(new SqliteUrl(dir.resolve("trustplane.db")), dir)) {
            String token = AdminToken.read(dir.resolve(AdminToken.FILE));
            String base = "https://127.0.0.1:" + server.port();
            String body = "{\"contents\":\"" + "x".repeat(100) + "\"}";
            var append = H2Load.Request.post(base + "/app/transactions?api-version=2022-05-13",
                    Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), body);
            var health = H2Load.Request.get(base + "/healthz", Map.of());
            var read = H2Load.Request.get(base + "/app/transactions/current?api-version=2022-05-13",
                    Map.of("Authorization", "Bearer " + token));
            requestsPerSecond(append, callers, seconds); // warm-up
            requestsPerSecond(health, callers, seconds);
            List<byte[]> rows = rows(store);
            LedgerAppendBenchmark.createRawTable(store);
            String[] names = {"https appends", "raw 32-row tx", "https GET /healthz", "https GET current entry"};
            double[][] rates = new double[names.length][rounds];
            for (int r = 0; r < rounds; r++) {
                long checkpoints = checkpoints(store);
                long size = size(store);
                rates[0][r] = requestsPerSecond(append, callers, seconds);
                System.out.printf("  %.1f entries per commit%n",
                        (double) (size(store) - size) / Math.max(1, checkpoints(store) - checkpoints));
                rates[1][r] = LedgerAppendBenchmark.rawInsertsPerSecond(store, rows, 32, seconds);
                rates[2][r] = requestsPerSecond(health, callers, seconds);
                rates[3][r] = requestsPerSecond(read, callers, seconds);
            }
            System.out.println("https appends: " + BenchSupport.serverCpuAndBatches(append, callers, 20_000,
                    dir.resolve("trustplane.db")));
            for (int i = 0; i < names.length; i++) {
                System.out.printf("%-20s median %8.0f /s  (rounds: %s)%n", names[i], BenchSupport.median(rates[i]),
                        java.util.Arrays.stream(rates[i]).mapToObj(v -> String.format("%.0f", v)).toList());
            }
            System.out.printf("ratio https appends c=%d / raw 32-row tx: median %.2f; / https GET /healthz: median %.2f;"
                    + " / authenticated GET of the current entry: median %.2f%n", callers,
                    BenchSupport.medianRatio(rates[0], rates[1]), BenchSupport.medianRatio(rates[0], rates[2]),
                    BenchSupport.medianRatio(rates[0], rates[3]));
        }
        System.out.printf("load average at end: %s%n", BenchSupport.loadAverage());
    }

    /** {@code callers} keep-alive connections of h2load send {@code request} for {@code seconds}; every answer must be 2xx. */
    static double requestsPerSecond(H2Load.Request request, int callers, int seconds) throws Exception {
        ClosedLoop.Result result = H2Load.run(request, callers, seconds);
        System.out.printf("  %s c=%d: %.0f /s (p50 %.1f ms, p99 %.1f ms)%n", request.url().replaceFirst("https://[^/]+", ""),
                callers, result.perSecond(), result.p50Millis(), result.p99Millis());
        return result.perSecond();
    }

    /** Leaf rows as the server's ledger stored them (up to 256). */
    private static List<byte[]> rows(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT leaf FROM ledger_entries ORDER BY idx LIMIT 256")
                .mapTo(byte[].class).list());
    }

    private static long checkpoints(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_checkpoints").mapTo(Long.class).one());
    }

    private static long size(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT tree_size FROM ledger_head").mapTo(Long.class).one());
    }
}
