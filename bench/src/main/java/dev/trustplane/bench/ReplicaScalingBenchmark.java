package dev.trustplane.bench;

import dev.trustplane.store.testing.DataDirs;
import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Throughput of one, two and three {@code trustplane serve} replicas on one PostgreSQL database (issue 12), for
 * ES256 sign ({@code POST /keys/{name}/sign}) and ledger append ({@code POST /app/transactions}), at one fixed
 * total number of client connections spread evenly over the replicas in use.
 *
 * <p><b>Replicas are separate processes</b> started from the CLI jar as {@code trustplane serve}, because that is
 * what a deployment runs: each has its own JIT, heap, GC, connection pool, token cache and ledger group commit,
 * and in-process servers would share (and contend on) all of them. The first replica creates its data dir; the
 * others get a copy of it and the same store URL (docs/high-availability.md, "Making a replica"). The database is
 * the embedded PostgreSQL the tests use ({@code TRUSTPLANE_TEST_PG_URL} to use another).
 *
 * <p><b>Load</b>: one {@link H2Load} process per replica in use, started together (h2load sends all requests to the
 * host of its first URI), rates summed and latencies merged. All three replicas run for the whole benchmark and
 * rounds interleave 1, 2, 3 replicas per operation, so each ratio compares figures taken seconds apart; an idle
 * replica costs nothing but its background-job tick once a minute.
 *
 * <p><b>Where the CPU goes</b>, per measurement: CPU time of the replicas in use and of PostgreSQL (the postmaster
 * and its backends) divided by the requests the replicas counted in {@code /metrics}, and how busy the whole
 * machine was ({@code /proc/stat}). CPU per request does not depend on how loaded a shared machine is; the rates do.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.trustplane.bench.ReplicaScalingBenchmark [seconds=5] [rounds=3] [connections=32] [jar=cli/target/trustplane.jar]}
 * (needs h2load and the CLI jar: {@code ./mvnw -B -Pbench package -DskipTests} builds both).
 */
public final class ReplicaScalingBenchmark {
    private static final int REPLICAS = 3;

    private ReplicaScalingBenchmark() {}

    /** One operation: the request to send to a replica, and the first path segment its metrics count it under. */
    private record Operation(String name, String api, Function<String, H2Load.Request> request) {}

    /** One measurement and where its CPU went. */
    private record Sample(ClosedLoop.Result result, double serverCpuMs, double postgresCpuMs, double machineBusy,
                          double entriesPerCommit) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Path jar = Path.of(args.length > 3 ? args[3] : "cli/target/trustplane.jar");
        H2Load.requireInstalled();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -Pbench package -DskipTests");
        }
        PostgresUrl url = TestStores.freshPostgresUrl();
        String store = TestStores.parseableLocation(url);
        Path dir = Files.createTempDirectory("replica-bench");
        List<ServeProcess> replicas = new ArrayList<>();
        System.out.printf("cpus: %d; load average at start: %s; connections: %d; store: %s%n",
                Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage(), connections, url);
        try {
            Path first = dir.resolve("replica-1");
            replicas.add(ServeProcess.start(jar, first, store, dir.resolve("replica-1.log"))); // listed first: closed on failure
            replicas.getFirst().awaitReady(Duration.ofMinutes(3));
            for (int i = 2; i <= REPLICAS; i++) {
                Path copy = dir.resolve("replica-" + i);
                DataDirs.copyForReplica(first, copy); // a copy of the first replica's data dir + the same store = another replica
                replicas.add(ServeProcess.start(jar, copy, store, dir.resolve("replica-" + i + ".log")));
            }
            for (ServeProcess r : replicas) {
                r.awaitReady(Duration.ofMinutes(3));
            }
            run(replicas, url, dir, connections, seconds, rounds);
        } finally {
            for (ServeProcess r : replicas) {
                r.close();
            }
            deleteRecursively(dir);
        }
        System.out.printf("load average at end: %s%n", BenchSupport.loadAverage());
    }

    private static void run(List<ServeProcess> replicas, PostgresUrl url, Path dir, int connections, int seconds, int rounds)
            throws Exception {
        try (Store db = Store.open(url, dir)) { // the benchmark's own connection: ledger counters, PostgreSQL's processes
            Path first = replicas.getFirst().dataDir();
            String admin = Files.readString(first.resolve("admin.token")).trim();
            Map<String, String> headers = Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json");
            createEcKey(replicas.getFirst(), headers);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("replica benchmark".getBytes(StandardCharsets.UTF_8));
            String sign = "{\"alg\":\"ES256\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"}";
            String entry = "{\"contents\":\"" + "x".repeat(100) + "\"}";
            List<Operation> operations = List.of(
                    new Operation("ES256 sign", "keys", base -> H2Load.Request.post(base + "/keys/bench-ec/sign?api-version=7.6", headers, sign)),
                    new Operation("ledger append", "app", base -> H2Load.Request.post(base + "/app/transactions?api-version=2022-05-13", headers, entry)));

            // Warm-up: first one caller per replica and operation (a cold JVM's first requests take seconds while
            // classes load and the JIT starts), then the full load on all replicas.
            for (Operation op : operations) {
                for (ServeProcess r : replicas) {
                    warmUp(r, op.request().apply(r.base()), 200);
                }
            }
            for (Operation op : operations) {
                measure(op, replicas, db, connections, seconds);
            }
            idleCpu(replicas, db);
            Sample[][][] samples = new Sample[operations.size()][REPLICAS][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < operations.size(); o++) {
                    for (int n = 1; n <= REPLICAS; n++) {
                        Sample s = measure(operations.get(o), replicas.subList(0, n), db, connections, seconds);
                        samples[o][n - 1][r] = s;
                        System.out.printf("  %s, %d replica(s): %.0f /s, p50 %.1f ms, p99 %.1f ms; CPU per request: servers %.2f ms, "
                                        + "PostgreSQL %.2f ms; machine %.0f%% busy%n", operations.get(o).name(), n,
                                s.result().perSecond(), s.result().p50Millis(), s.result().p99Millis(), s.serverCpuMs(),
                                s.postgresCpuMs(), 100 * s.machineBusy());
                    }
                }
                System.out.printf("round %d done (load average %s)%n", r + 1, BenchSupport.loadAverage());
            }
            report(operations, samples, connections);
        }
    }

    /** Loads {@code active} together for {@code seconds} and attributes the CPU they and PostgreSQL used. */
    private static Sample measure(Operation op, List<ServeProcess> active, Store db, int connections, int seconds) throws Exception {
        long served0 = served(active, op.api());
        Duration servers0 = cpu(active);
        Duration postgres0 = PostgresCpu.of(db);
        long[] machine0 = BenchSupport.cpuTicks();
        long[] ledger0 = ledgerSizeAndCommits(db);
        ClosedLoop.Result result = H2Load.runTogether(active.stream().map(r -> op.request().apply(r.base())).toList(),
                connections, seconds);
        long[] ledger1 = ledgerSizeAndCommits(db);
        long[] machine1 = BenchSupport.cpuTicks();
        double requests = Math.max(1, served(active, op.api()) - served0);
        return new Sample(result, cpu(active).minus(servers0).toNanos() / 1e6 / requests,
                PostgresCpu.of(db).minus(postgres0).toNanos() / 1e6 / requests,
                (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]),
                (double) (ledger1[0] - ledger0[0]) / Math.max(1, ledger1[1] - ledger0[1]));
    }

    private static void report(List<Operation> operations, Sample[][][] samples, int connections) {
        System.out.printf("%n%d connections in total, spread evenly over the replicas in use; medians of %d rounds%n%n",
                connections, samples[0][0].length);
        System.out.println("| operation | replicas | ops/s | ratio to 1 replica | p50 / p99 ms | server CPU ms/request"
                + " | PostgreSQL CPU ms/request | machine busy | ledger entries/commit |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int o = 0; o < operations.size(); o++) {
            double[] one = rates(samples[o][0]);
            for (int n = 0; n < REPLICAS; n++) {
                Sample[] rounds = samples[o][n];
                ClosedLoop.Result median = ClosedLoop.Result.median(results(rounds));
                System.out.printf("| %s | %d | %.0f | %s | %.1f / %.1f | %.2f | %.2f | %.0f%% | %s |%n", operations.get(o).name(),
                        n + 1, median.perSecond(), n == 0 ? "1" : String.format("%.2f", BenchSupport.medianRatio(rates(rounds), one)),
                        median.p50Millis(), median.p99Millis(), median(rounds, Sample::serverCpuMs),
                        median(rounds, Sample::postgresCpuMs), 100 * median(rounds, Sample::machineBusy),
                        operations.get(o).api().equals("app") ? String.format("%.1f", median(rounds, Sample::entriesPerCommit)) : "");
            }
        }
    }

    private static double median(Sample[] rounds, java.util.function.ToDoubleFunction<Sample> figure) {
        return BenchSupport.median(Stream.of(rounds).mapToDouble(figure).toArray());
    }

    private static ClosedLoop.Result[] results(Sample[] rounds) {
        return Stream.of(rounds).map(Sample::result).toArray(ClosedLoop.Result[]::new);
    }

    private static double[] rates(Sample[] rounds) {
        return Stream.of(rounds).mapToDouble(s -> s.result().perSecond()).toArray();
    }

    private static long served(List<ServeProcess> replicas, String api) throws Exception {
        long total = 0;
        for (ServeProcess r : replicas) {
            total += r.served(api);
        }
        return total;
    }

    private static Duration cpu(List<ServeProcess> replicas) {
        return replicas.stream().map(ServeProcess::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    /** The ledger's size and its number of checkpoints (one per committed batch). */
    private static long[] ledgerSizeAndCommits(Store db) {
        return db.jdbi().withHandle(h -> new long[] {
                h.createQuery("SELECT COALESCE(MAX(tree_size), 0) FROM ledger_head").mapTo(Long.class).one(),
                h.createQuery("SELECT COUNT(*) FROM ledger_checkpoints").mapTo(Long.class).one()});
    }

    /**
     * What a replica and PostgreSQL burn with no request at all (JIT and GC threads catching up, timers): on a
     * starved machine this is spread over few requests and inflates the CPU per request of every replica in use.
     */
    private static void idleCpu(List<ServeProcess> replicas, Store db) throws InterruptedException {
        Duration servers = cpu(replicas);
        Duration postgres = PostgresCpu.of(db);
        long start = System.nanoTime();
        Thread.sleep(5000);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  idle: %.1f ms of CPU per second per replica, PostgreSQL %.1f ms/s%n",
                cpu(replicas).minus(servers).toNanos() / 1e6 / seconds / replicas.size(),
                PostgresCpu.of(db).minus(postgres).toNanos() / 1e6 / seconds);
    }

    /** Sends {@code request} {@code count} times, one after the other, requiring 2xx answers. */
    private static void warmUp(ServeProcess replica, H2Load.Request request, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            var builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            HttpResponse<String> res = replica.client().send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.url() + " answered " + res.statusCode() + ": " + res.body());
            }
        }
        System.out.printf("  warm-up: %d x %s in %.1f s%n", count, request.url(), (System.nanoTime() - start) / 1e9);
    }

    private static void createEcKey(ServeProcess replica, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(replica.base() + "/keys/bench-ec/create?api-version=7.6"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kty\":\"EC\",\"crv\":\"P-256\"}"));
        headers.forEach(request::header);
        HttpResponse<String> res = replica.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("key creation answered " + res.statusCode() + ": " + res.body());
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
