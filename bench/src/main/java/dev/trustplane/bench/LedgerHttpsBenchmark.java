package dev.trustplane.bench;

import dev.trustplane.common.PemCertificates;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * ({@code GET /app/transactions/current}: token check, one entry read, JSON). The client is the JDK's
 * HttpClient on HTTP/1.1 with one connection per caller, kept alive.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.trustplane.bench.LedgerHttpsBenchmark
 * [secondsPerMeasurement=3] [rounds=5] [callers=32]}
 */
public final class LedgerHttpsBenchmark {
    private LedgerHttpsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String provider = dev.trustplane.evidence.FastCrypto.install(); // as trustplane serve does at start
        Path dir = Files.createTempDirectory("ledger-https-bench");
        System.out.printf("load average at start: %s; cpus: %d; preferred provider: %s; data dir: %s%n",
                LedgerAppendBenchmark.loadAverage(), Runtime.getRuntime().availableProcessors(), provider, dir);
        try (TrustplaneServer server = TrustplaneServer.start(ServerConfig.forTests(dir), List.of());
             Store store = Store.open(new SqliteUrl(dir.resolve("trustplane.db")), dir)) {
            String token = AdminToken.read(dir.resolve(AdminToken.FILE));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(PemCertificates.trustingOnly(server.caCertificate())).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://127.0.0.1:" + server.port();
            String body = "{\"contents\":\"" + "x".repeat(100) + "\"}";
            HttpRequest append = HttpRequest.newBuilder(URI.create(base + "/app/transactions?api-version=2022-05-13"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/healthz")).GET().build();
            HttpRequest read = HttpRequest.newBuilder(URI.create(base + "/app/transactions/current?api-version=2022-05-13"))
                    .header("Authorization", "Bearer " + token).GET().build();
            requestsPerSecond(http, append, callers, seconds); // warm-up
            requestsPerSecond(http, health, callers, seconds);
            List<byte[]> rows = rows(store);
            LedgerAppendBenchmark.createRawTable(store);
            String[] names = {"https appends", "raw 32-row tx", "https GET /healthz", "https GET current entry"};
            double[][] rates = new double[names.length][rounds];
            for (int r = 0; r < rounds; r++) {
                long checkpoints = checkpoints(store);
                long size = size(store);
                rates[0][r] = requestsPerSecond(http, append, callers, seconds);
                System.out.printf("  %.1f entries per commit%n",
                        (double) (size(store) - size) / Math.max(1, checkpoints(store) - checkpoints));
                rates[1][r] = LedgerAppendBenchmark.rawInsertsPerSecond(store, rows, 32, seconds);
                rates[2][r] = requestsPerSecond(http, health, callers, seconds);
                rates[3][r] = requestsPerSecond(http, read, callers, seconds);
            }
            for (int i = 0; i < names.length; i++) {
                System.out.printf("%-20s median %8.0f /s  (rounds: %s)%n", names[i], LedgerAppendBenchmark.median(rates[i]),
                        java.util.Arrays.stream(rates[i]).mapToObj(v -> String.format("%.0f", v)).toList());
            }
            System.out.printf("ratio https appends c=%d / raw 32-row tx: median %.2f; / https GET /healthz: median %.2f;"
                    + " / authenticated GET of the current entry: median %.2f%n", callers,
                    LedgerAppendBenchmark.medianRatio(rates[0], rates[1]), LedgerAppendBenchmark.medianRatio(rates[0], rates[2]),
                    LedgerAppendBenchmark.medianRatio(rates[0], rates[3]));
        }
        System.out.printf("load average at end: %s%n", LedgerAppendBenchmark.loadAverage());
    }

    /** Closed loop: {@code callers} threads send {@code request} for {@code seconds}; every answer must be 200. */
    static double requestsPerSecond(HttpClient http, HttpRequest request, int callers, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
        CountDownLatch finished = new CountDownLatch(callers);
        for (int i = 0; i < callers; i++) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!stop.get()) {
                    try {
                        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            count.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
                finished.countDown();
            });
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = count.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        finished.await();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests to " + request.uri().getPath() + " failed; the first: "
                    + firstFailure.get());
        }
        System.out.printf("  %s %s c=%d: %.0f /s%n", request.method(), request.uri().getPath(), callers, counted / elapsed);
        return counted / elapsed;
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
