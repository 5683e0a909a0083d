package dev.trustplane.bench;

import dev.trustplane.ledger.Ledger;
import dev.trustplane.ledger.LedgerConfig;
import dev.trustplane.ledger.NewEntry;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.ledger.TilePath;
import dev.trustplane.store.Dialect;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ledger append throughput against its floor, and receipt cost against log size, in one run on one store.
 *
 * <p><b>Why a plain main, not JMH.</b> The figure is a closed loop of 32 concurrent callers against one
 * group-committing integrator, measured for a fixed time; JMH's per-thread invocation model would add
 * nothing and its forks would rebuild the store. Noise is handled the way docs/performance.md asks: the
 * baseline (raw batched inserts of the same rows into a table of the same shape in the same SQLite file)
 * is measured in the same run, interleaved in rounds, and the median ratio is reported.
 *
 * <p>Measured per round, after one uncounted warm-up round: appends/s at concurrency 32 (and 256 and 1,024, to
 * show what larger batches buy); raw inserts/s of the same leaf rows in transactions of 32 rows (the most one
 * commit can carry when 32 callers each wait for their commit) and of 1,000 rows. Then the mean receipt time while
 * the log grows to each of the requested sizes, built with large batches (4,096 callers), within a time budget.
 *
 * <p><b>Which baseline is fair.</b> An append returns only after its batch is committed, so with 32 callers a
 * commit carries at most 32 entries. The fair floor is therefore raw inserts in 32-row transactions: the same
 * rows, the same number of commits per row, minus everything that makes it a log (queueing, hashing, the
 * checkpoint and its signature, waking the callers). The 1,000-row figure is printed beside it to show what
 * larger commits buy; 32 durable callers cannot have them.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java -cp bench/target/benchmarks.jar
 * dev.trustplane.bench.LedgerAppendBenchmark [secondsPerMeasurement=3] [sizes=1000,100000,1000000 or - for none]
 * [buildBudgetSeconds=120] [rounds=5] [store=sqlite|postgres]}; {@code postgres} starts an embedded PostgreSQL with
 * production durability ({@link DurablePostgres}) or uses {@code TRUSTPLANE_TEST_PG_URL}.
 * {@code -Dbench.ledger-delay=DURATION} overrides the ledger's batch delay; {@code -Dbench.platform-callers=true}
 * runs the callers on platform threads.
 */
public final class LedgerAppendBenchmark {
    private static final String ORIGIN = "bench.trustplane.local/ledger";

    private LedgerAppendBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String sizeList = args.length > 1 ? args[1] : "1000,100000,1000000";
        long[] sizes = sizeList.equals("-") ? new long[0]
                : java.util.Arrays.stream(sizeList.split(",")).mapToLong(Long::parseLong).toArray();
        int budget = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        boolean postgres = args.length > 4 && args[4].equals("postgres");
        String provider = dev.trustplane.evidence.FastCrypto.install(); // as the server does at start
        Path dir = Files.createTempDirectory("ledger-bench");
        StoreUrl url = postgres ? DurablePostgres.freshDatabase() : new SqliteUrl(dir.resolve("bench.db"));
        System.out.printf("load average at start: %s; cpus: %d; preferred provider: %s; store: %s%n", BenchSupport.loadAverage(),
                Runtime.getRuntime().availableProcessors(), provider, url);
        try (Store store = Store.open(url, dir);
             Ledger ledger = Ledger.open(store, batching(LedgerConfig.defaults(ORIGIN)), NoteSigner.generate(ORIGIN))) {
            appendsPerSecond(ledger, store, 32, 1); // entries to copy for the raw rows
            List<byte[]> rows = sampleLeaves(ledger);
            createRawTable(store);
            // The machine is shared: interleave the measurements in rounds so that each ratio compares
            // figures taken seconds apart, and report medians. Round 0 is a warm-up for both sides (the JIT is
            // still compiling the integrator's path in it: its batches took twice as long) and is not counted.
            String[] names = {"ledger c=32", "raw 32-row tx", "ledger c=256", "raw 1000-row tx", "ledger c=1024"};
            double[][] rates = new double[names.length][rounds];
            for (int r = -1; r < rounds; r++) {
                System.out.println(r < 0 ? "warm-up round" : "round " + (r + 1));
                double[] round = {
                    appendsPerSecond(ledger, store, 32, seconds),
                    rawInsertsPerSecond(store, rows, 32, seconds),
                    appendsPerSecond(ledger, store, 256, seconds),
                    rawInsertsPerSecond(store, rows, 1000, seconds),
                    appendsPerSecond(ledger, store, 1024, seconds)};
                for (int i = 0; r >= 0 && i < round.length; i++) {
                    rates[i][r] = round[i];
                }
            }
            for (int i = 0; i < names.length; i++) {
                System.out.printf("%-16s median %8.0f /s  (rounds: %s)%n", names[i], BenchSupport.median(rates[i]),
                        java.util.Arrays.stream(rates[i]).mapToObj(v -> String.format("%.0f", v)).toList());
            }
            System.out.printf("ratio c=32 / raw 32-row tx: median %.2f%n", BenchSupport.medianRatio(rates[0], rates[1]));
            System.out.printf("ratio c=32 / raw 1000-row tx: median %.2f; c=256: %.2f; c=1024: %.2f%n",
                    BenchSupport.medianRatio(rates[0], rates[3]), BenchSupport.medianRatio(rates[2], rates[3]), BenchSupport.medianRatio(rates[4], rates[3]));
        }
        if (sizes.length > 0) {
            receipts(postgres ? DurablePostgres.freshDatabase() : new SqliteUrl(dir.resolve("receipts.db")), dir, sizes, budget);
        }
        System.out.printf("load average at end: %s%n", BenchSupport.loadAverage());
        deleteRecursively(dir); // the 10^6-entry log takes about 1 GB
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Closed loop: {@code callers} threads append 100-byte entries for {@code seconds}; returns appends/s. */
    static double appendsPerSecond(Ledger ledger, Store store, int callers, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(callers);
        byte[] content = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < callers; i++) {
            callerThreads().start(() -> {
                while (!stop.get()) {
                    ledger.append(NewEntry.of("application/json", content));
                    count.incrementAndGet();
                }
                finished.countDown();
            });
        }
        long size0 = ledger.size();
        long batches0 = checkpoints(store);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = count.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perBatch = (double) (ledger.size() - size0) / Math.max(1, checkpoints(store) - batches0);
        stop.set(true);
        finished.await();
        System.out.printf("  c=%d: %.0f appends/s, %.1f entries per batch (commit)%n", callers, counted / elapsed, perBatch);
        return counted / elapsed;
    }

    private static long checkpoints(Store store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_checkpoints").mapTo(Long.class).one());
    }

    /** Real leaf rows as the ledger stored them (the first entry bundle). */
    static List<byte[]> sampleLeaves(Ledger ledger) {
        byte[] bundle = ledger.tile(new TilePath(-1, 0, TilePath.FULL));
        List<byte[]> rows = new ArrayList<>();
        for (int pos = 0; pos < bundle.length; ) {
            int length = ((bundle[pos] & 0xff) << 8) | (bundle[pos + 1] & 0xff);
            rows.add(java.util.Arrays.copyOfRange(bundle, pos + 2, pos + 2 + length));
            pos += 2 + length;
        }
        return rows;
    }

    /**
     * The callers' threads: virtual, as the server's request threads that append (Helidon runs each request on one),
     * unless {@code -Dbench.platform-callers=true}. On two cores, waking 32 platform threads after each commit costs
     * the integrator about as much as the commit itself; a virtual thread's wake-up is a task for the carrier pool.
     */
    private static Thread.Builder callerThreads() {
        return Boolean.getBoolean("bench.platform-callers") ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
    }

    /** A table of ledger_entries' shape on this engine (V1, and on SQLite V4's rowid key). */
    static void createRawTable(Store store) {
        String blob = store.dialect().blobType();
        String key = store.dialect() == Dialect.SQLITE ? "INTEGER" : "BIGINT";
        store.useTransaction(h -> {
            h.execute("CREATE TABLE bench_raw_entries (idx " + key + " NOT NULL PRIMARY KEY, collection_id TEXT, leaf "
                    + blob + " NOT NULL)");
            h.execute("CREATE INDEX bench_raw_entries_by_collection ON bench_raw_entries (collection_id, idx)");
        });
    }

    /** Inserts the rows, cycled with fresh indexes, in transactions of {@code batch}, for {@code seconds}. */
    static double rawInsertsPerSecond(Store store, List<byte[]> rows, int batch, int seconds) throws java.sql.SQLException {
        AtomicLong next = new AtomicLong(store.jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM bench_raw_entries").mapTo(Long.class).one()));
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long inserted = 0;
        while (System.nanoTime() < end) {
            store.useTransaction(h -> { // plain JDBC batch, as the integrator writes its entries
                try (PreparedStatement ps = h.getConnection().prepareStatement(
                        "INSERT INTO bench_raw_entries (idx, collection_id, leaf) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < batch; i++) {
                        long idx = next.getAndIncrement();
                        ps.setLong(1, idx);
                        ps.setNull(2, Types.VARCHAR);
                        ps.setBytes(3, rows.get((int) (idx % rows.size())));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
            inserted += batch;
        }
        return inserted / ((System.nanoTime() - start) / 1e9);
    }

    /** Grows a fresh log to each size (4,096 callers, batches up to 10,000) and times receipts at each. */
    static void receipts(StoreUrl url, Path dir, long[] sizes, int budgetSeconds) throws Exception {
        try (Store store = Store.open(url, dir);
             Ledger ledger = Ledger.open(store, LedgerConfig.defaults(ORIGIN).withBatching(10_000, Duration.ofMillis(5)),
                     NoteSigner.generate(ORIGIN))) {
            long deadline = System.nanoTime() + budgetSeconds * 1_000_000_000L;
            for (long target : sizes) {
                long began = System.nanoTime();
                boolean reached = grow(ledger, target, deadline);
                double buildSeconds = (System.nanoTime() - began) / 1e9;
                long size = ledger.size();
                Random random = new Random(size);
                for (int i = 0; i < 200; i++) { // warm-up
                    ledger.receipt(random.nextLong(size));
                }
                int samples = 2000;
                long start = System.nanoTime();
                for (int i = 0; i < samples; i++) {
                    ledger.receipt(random.nextLong(size));
                }
                double micros = (System.nanoTime() - start) / 1e3 / samples;
                System.out.printf("receipt at %d entries: %.0f µs mean over %d random entries (grown in %.1f s)%s%n",
                        size, micros, samples, buildSeconds, reached ? "" : " — build budget exhausted before " + target);
                if (!reached) {
                    return;
                }
            }
        }
    }

    private static boolean grow(Ledger ledger, long target, long deadline) throws InterruptedException {
        byte[] content = "y".repeat(100).getBytes(StandardCharsets.UTF_8);
        AtomicLong remaining = new AtomicLong(target - ledger.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                    ledger.append(NewEntry.of("application/json", content));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return ledger.size() >= target;
    }

    /** {@code config} with {@link BenchSupport#ledgerDelay()} as its batch delay, when given (for experiments). */
    private static LedgerConfig batching(LedgerConfig config) {
        return BenchSupport.ledgerDelay().map(delay -> config.withBatching(LedgerConfig.DEFAULT_BATCH_ENTRIES, delay))
                .orElse(config);
    }
}
