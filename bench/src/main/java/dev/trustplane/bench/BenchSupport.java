package dev.trustplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Small things every server benchmark needs. */
final class BenchSupport {
    private BenchSupport() {}

    /** The KMS settings: the default key cache, or {@code args[3]} versions for 5 minutes (0 = off, to compare). */
    static dev.trustplane.kms.KmsConfig kms(String[] args) {
        var kms = dev.trustplane.kms.KmsConfig.defaults();
        return args.length > 3 ? kms.withKeyCache(new dev.trustplane.kms.KeyCacheSettings(Integer.parseInt(args[3]),
                java.time.Duration.ofMinutes(5))) : kms;
    }

    /**
     * Seconds of warm-up for each measured operation of a server benchmark: {@code -Dbench.warmup=N}, default 60. The
     * server's request path is long (TLS, HTTP, JSON, store, ledger, crypto), and C2 is still compiling it after 30 s
     * of load: with 5 s of warm-up an attestation cost 2.3 ms of server CPU, after 90 s 1.75 ms (docs/performance.md).
     * The in-process side gets the same, so both are compared warm, as a long-running server is.
     */
    static int warmupSeconds() {
        return Integer.getInteger("bench.warmup", 60);
    }

    /** The 1-minute load average, printed beside every run: these machines are shared. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * The machine's CPU time so far from {@code /proc/stat}, in clock ticks over all cores: {busy, total}, where
     * idle and waiting for I/O are not busy. Two readings give how busy the machine was in between.
     */
    static long[] cpuTicks() {
        try {
            String[] cols = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(cols.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(cols[i]);
            }
            return new long[] {total - Long.parseLong(cols[4]) - Long.parseLong(cols[5]), total};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Median of the per-round ratios: each compares two figures measured seconds apart. */
    static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }

    /**
     * Creates key {@code bench}, exportable, with a release policy that admits this server's tokens for a
     * non-debuggable SEV-SNP VM. {@code keyType} is the JSON members that choose the key, e.g.
     * {@code "kty":"RSA-HSM","key_size":2048}.
     */
    static void createReleasableKey(HttpClient http, String base, String admin, String keyType) throws Exception {
        String policy = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + base + "\",\"allOf\":["
                + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"},"
                + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}]}]}";
        String body = "{" + keyType + ",\"attributes\":{\"exportable\":true},\"release_policy\":{\"data\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(policy.getBytes(StandardCharsets.UTF_8)) + "\"}}";
        var res = http.send(HttpRequest.newBuilder(URI.create(base + "/keys/bench/create?api-version=7.6"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("key creation failed: " + res.body());
        }
    }

    /** {@code -Dbench.ledger-delay=DURATION}: the ledger batch delay an experiment asks for, if any. */
    static java.util.Optional<java.time.Duration> ledgerDelay() {
        return java.util.Optional.ofNullable(System.getProperty("bench.ledger-delay"))
                .map(dev.trustplane.server.config.Durations::parse);
    }

    /** {@code config} with {@link #ledgerDelay()} as the ledger's batch delay, when given. */
    static dev.trustplane.server.ServerConfig ledgerBatching(dev.trustplane.server.ServerConfig config) {
        return ledgerDelay().map(delay -> config.withLedgerBatching(new dev.trustplane.server.config.LedgerBatching(
                dev.trustplane.ledger.LedgerConfig.DEFAULT_BATCH_ENTRIES, delay))).orElse(config);
    }

    /**
     * Server CPU per request of {@code requests} from h2load at {@code concurrency}, and the ledger entries per commit
     * meanwhile, read from the server's SQLite file {@code db} (a second connection; the ledger commits each batch with
     * one checkpoint row). {@code -Dbench.cpu-requests=N} overrides the count; {@code -Dbench.jfr=FILE} records a JFR
     * profile (with CPU-time samples) of just this measurement.
     */
    static String serverCpuAndBatches(H2Load.Request request, int concurrency, int requests, java.nio.file.Path db)
            throws Exception {
        return serverCpuAndBatches(request, concurrency, requests, db, "");
    }

    /** As above; a JFR recording goes to the {@code -Dbench.jfr} file name with {@code tag} before its extension. */
    static String serverCpuAndBatches(H2Load.Request request, int concurrency, int requests, java.nio.file.Path db,
            String tag) throws Exception {
        requests = Integer.getInteger("bench.cpu-requests", requests);
        long[] before = ledgerSizeAndCheckpoints(db);
        double cpu;
        String jfr = System.getProperty("bench.jfr"); // a file: profile just this measurement (CPU-time samples)
        if (jfr != null && !tag.isEmpty()) {
            jfr = jfr.replaceFirst("(\\.jfr)?$", "-" + tag + "$1");
        }
        if (jfr == null) {
            cpu = H2Load.serverCpuMillisPerRequest(request, concurrency, requests);
        } else {
            try (var recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
                recording.enable("jdk.CPUTimeSample").with("throttle", "1ms");
                recording.setDestination(java.nio.file.Path.of(jfr));
                recording.start();
                cpu = H2Load.serverCpuMillisPerRequest(request, concurrency, requests);
                recording.stop();
            }
        }
        long[] after = ledgerSizeAndCheckpoints(db);
        return String.format("server CPU per request %.2f ms (%d requests); %.1f ledger entries per commit", cpu, requests,
                (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]));
    }

    private static long[] ledgerSizeAndCheckpoints(java.nio.file.Path db) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var r = s.executeQuery("SELECT (SELECT tree_size FROM ledger_head), (SELECT COUNT(*) FROM ledger_checkpoints)")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }
}
