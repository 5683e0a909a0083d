package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerEntry;
import dev.trustplane.ledger.LedgerException;
import dev.trustplane.ledger.NewEntry;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends entries in batches (group commit) and acknowledges each only once it is durable.
 *
 * <p><b>How.</b> Callers queue their entry and wait. One integrator thread takes what is queued (up to
 * {@code maxBatch}, waiting at most {@code maxDelay} for more) and, in <em>one</em> store transaction: moves
 * the head row from the tree size n to n+k, which locks it; writes the k entries at indexes n…n+k-1;
 * computes the subtree hashes that became complete and writes the hash tiles that filled or grew
 * ({@link TileHashes} says which are stored); computes the new root, signs the checkpoint for size n+k and
 * writes it; commits. Only after the commit returns are the callers released with their indexes.
 *
 * <p><b>Why this survives {@code kill -9} at any point.</b> The store's commit is atomic and durable
 * (SQLite WAL with synchronous=FULL, PostgreSQL WAL). A crash before the commit loses the whole batch, and
 * nobody in it was acknowledged; a crash after the commit keeps the whole batch: entries, tiles, checkpoint
 * and head together. So the database is always exactly at a batch boundary: the head equals the number of
 * entries, every complete subtree hash below it can be computed from the stored tiles and entries, and the
 * latest checkpoint signs the root of precisely those entries. Every acknowledged index was committed
 * before its acknowledgement, hence present. The only state kept between batches is a cache of the tree's
 * right side as of this integrator's last commit: its right edge ({@link RightEdge}: one hash per set bit
 * of the size) and its unfinished tiles ({@link TileEdge}). A batch moves the head only from the cached
 * size; if the head is elsewhere (a restart, or another server on the same PostgreSQL database appended) or
 * the last batch failed, the batch locks the head, reloads both from the store and checks them against the
 * head's signed root. The cache moves only after a commit returned, so it never runs ahead of the store;
 * {@link #checkIntegrity} re-verifies the invariant when the ledger opens.
 *
 * <p><b>Throughput.</b> A durable append cannot be acknowledged before its commit, so with c callers a
 * commit carries at most c entries and appends/s is bounded by c / (commit latency). A batch costs about the
 * same whatever its size, so batches should be as full as the callers allow. The batch therefore waits (at most
 * {@code maxDelay}) while a caller it could hold is still coming: one inside {@link #append} but not queued yet,
 * or a request announced with {@link #expecting} that has not appended yet (a route that does a millisecond of
 * work before its one append, such as an attestation, would otherwise reach the ledger just after each commit,
 * two or three per batch: PostgreSQL's {@code commit_delay} with {@code commit_siblings}, counted exactly). It
 * closes as soon as every such caller is in it, so a lone caller never waits for nobody. A batch does only: one conditional head update, one plain JDBC batch of entries, about two
 * tile rows per 256 entries (the level-0 tile that filled, the level-1 tile that grew), the checkpoint
 * insert, one Ed25519 signature and the commit. Checkpoints stay one per batch: every acknowledged entry
 * then has a receipt at once and the checkpoint endpoint always covers the head; the signature costs far
 * less than the commit's fsync (see docs/performance.md).
 */
public final class Integrator implements AutoCloseable {
    /** Signs the checkpoint for (size, root) and returns the note to store. */
    @FunctionalInterface
    public interface CheckpointSigning {
        String sign(long size, byte[] root);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Integrator.class);
    /** The longest a batch waits for callers already inside {@link #append} when no expected request is coming. */
    private static final long CALLER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Pending(NewEntry entry, CompletableFuture<Long> done) {}

    /** The request running {@link #expecting}, counted in its integrator's {@code expected} until it settles. */
    private static final ScopedValue<Expectation> EXPECTATION = ScopedValue.newInstance();

    /** One announced append; settles (leaves the count) once: when its entry is queued or its request ends. */
    private static final class Expectation {
        private final AtomicInteger count;
        private final AtomicBoolean settled = new AtomicBoolean();

        Expectation(AtomicInteger count) {
            this.count = count;
            count.incrementAndGet();
        }

        /** Leaves the count; true the first time only. */
        boolean settle() {
            if (settled.compareAndSet(false, true)) {
                count.decrementAndGet();
                return true;
            }
            return false;
        }
    }

    private final Store store;
    private final LedgerTables tables;
    private final Clock clock;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final CheckpointSigning signing;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    /**
     * Guards a batch's collection: the worker holds it from draining the queue to awaiting {@link #batchComplete};
     * a caller whose change may complete the batch takes it to look and signal (see {@link #nudge}).
     */
    private final ReentrantLock collection = new ReentrantLock();
    private final Condition batchComplete = collection.newCondition();
    /** Whether the worker is collecting a batch; callers look at the batch only then. */
    private volatile boolean collecting;
    /** The batch being collected (worker's list; read by callers only under {@link #collection}). */
    private List<Pending> collected = List.of();
    /** Whether the worker's current wait is the full delay for expected requests (under {@link #collection}). */
    private boolean waitingForExpected;
    private final Thread worker;
    private volatile boolean closed;
    /** Callers inside {@link #append}: queued, in a batch, or not yet returned from the last one. */
    private final AtomicInteger callers = new AtomicInteger();
    /** Requests run by {@link #expecting} that have not queued their append yet (nor ended). */
    private final AtomicInteger expected = new AtomicInteger();
    /** The tree's right edge and unfinished tiles as of this integrator's last commit; null = unknown. Worker only. */
    private Edges edge;
    /** The newest entry per collection as of this integrator's last commit (read by request threads). */
    private final NewestEntries newest = new NewestEntries();

    public Integrator(Store store, LedgerTables tables, Clock clock, int maxBatch, Duration maxDelay,
                      CheckpointSigning signing) {
        this.store = store;
        this.tables = tables;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.signing = signing;
        this.queue = new LinkedBlockingQueue<>(Math.max(4096, maxBatch * 4));
        this.worker = Thread.ofPlatform().name("ledger-integrator").daemon().start(this::run);
    }

    /**
     * Runs {@code request}, which will append (usually once) after some work of its own, as an expected caller: a
     * batch being collected meanwhile may wait for its entry (see Throughput above). A request that ends without
     * appending only held batches up to {@code maxDelay}.
     */
    public void expecting(Runnable request) {
        var expectation = new Expectation(expected);
        try {
            ScopedValue.where(EXPECTATION, expectation).run(request);
        } finally {
            if (expectation.settle()) {
                nudge(); // ended without appending: a batch waiting for it need not
            }
        }
    }

    /** Queues the entry and waits until it is committed; returns its index. */
    public long append(NewEntry entry) {
        callers.incrementAndGet();
        try {
            return queueAndWait(entry);
        } finally {
            callers.decrementAndGet();
            nudge(); // a batch waiting for this caller to append again need not
        }
    }

    private long queueAndWait(NewEntry entry) {
        var done = new CompletableFuture<Long>();
        gate.readLock().lock();
        try {
            if (closed) {
                throw new LedgerException(LedgerException.Code.UNAVAILABLE, "the ledger is closed");
            }
            queue.put(new Pending(entry, done));
            if (EXPECTATION.isBound() && EXPECTATION.get().count == expected) {
                EXPECTATION.get().settle(); // queued: now counted in the batch, no longer as coming
            }
            nudge();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(LedgerException.Code.UNAVAILABLE, "interrupted before the entry was queued");
        } finally {
            gate.readLock().unlock();
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(LedgerException.Code.UNAVAILABLE,
                    "interrupted while waiting; the entry may still be appended");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LedgerException le) {
                throw new LedgerException(le.code(), le.getMessage(), le);
            }
            throw new LedgerException(LedgerException.Code.UNAVAILABLE, "the entry could not be appended", e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Nothing interrupts this thread on purpose (close() sets a flag and joins). A stray interrupt must
                // not end the worker while callers wait: going on is the only answer that loses nobody.
                LOG.warn("ledger integrator interrupted while idle; going on");
                continue;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            try {
                collect(batch);
            } catch (InterruptedException e) {
                LOG.warn("ledger integrator interrupted while collecting a batch; integrating the {} entries it has",
                        batch.size());
            }
            integrate(batch); // completes every entry's future, committed or failed: no caller is left waiting
            batch.clear();
        }
    }

    private void collect(List<Pending> batch) throws InterruptedException {
        long start = System.nanoTime();
        // Wait for more only while some caller is not in the batch yet: inside append() and about to queue (or just
        // returning from the previous batch and may append again), or an expected request still at its own work.
        // Waiting for nobody only adds latency. Callers inside append() are microseconds from queueing, so for them
        // alone the wait is at most CALLER_WAIT: longer only waits for threads the scheduler has not run yet (at
        // 4 ms, plain appends over HTTPS at c=32 fell from 12,900 to 8,900/s); the full delay is for expected ones.
        // The worker sleeps until a caller's change completes the batch (nudge) or the wait ends, not in slices:
        // under load a batch is collected with one or two wake-ups instead of one per entry and per slice.
        collection.lock();
        try {
            collected = batch;
            collecting = true;
            while (true) {
                queue.drainTo(batch, maxBatch - batch.size());
                if (complete(batch.size())) {
                    return;
                }
                waitingForExpected = expected.get() > 0;
                long wait = waitingForExpected ? maxDelayNanos : Math.min(maxDelayNanos, CALLER_WAIT_NANOS);
                long left = start + wait - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                batchComplete.awaitNanos(left);
            }
        } finally {
            collecting = false;
            collected = List.of();
            collection.unlock();
        }
    }

    /** Whether a batch of {@code size} holds every caller it could: full, no delay allowed, or nobody else coming. */
    private boolean complete(int size) {
        return size >= maxBatch || maxDelayNanos == 0 || size >= callers.get() + expected.get();
    }

    /**
     * Called after a change that may complete the batch being collected (an entry queued, a caller left, an expected
     * request ended without appending): wakes the worker when the batch is complete with the queued entries, or
     * when it waits the full delay for expected requests and none is expected any more (its wait shortens). Looks
     * under the worker's lock, which it holds from draining to awaiting, so no wake-up is lost. Nothing to do while
     * no batch is being collected: the worker drains and looks again when it starts the next one.
     */
    private void nudge() {
        if (!collecting) {
            return;
        }
        collection.lock();
        try {
            if (collecting && ((waitingForExpected && expected.get() == 0)
                    || complete(collected.size() + queue.size()))) {
                batchComplete.signal();
            }
        } finally {
            collection.unlock();
        }
    }

    private void integrate(List<Pending> batch) {
        // A stray interrupt left on this thread would fail the store I/O of the batch; nothing interrupts it on purpose.
        Thread.interrupted();
        try {
            Written written = store.inTransaction(h -> write(h, batch));
            edge = written.edge(); // only now: a batch that did not commit must not move the cached edge
            long first = written.first();
            newest.committed(first, written.leaves(), written.collections());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(first + i);
            }
        } catch (Throwable e) { // never let the integrator die with callers waiting: fail the batch, go on
            edge = null; // the commit's outcome may be unknown (lost connection): reload from the store
            newest.clear();
            LOG.error("Ledger batch of {} entries failed; none was appended", batch.size(), e);
            var failure = e instanceof LedgerException le ? le
                    : new LedgerException(LedgerException.Code.UNAVAILABLE, "the store failed; the entry was not appended", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        }
    }

    /** What a committed batch leaves behind: its first index, its leaves and collections, the tree's new edges. */
    private record Written(long first, List<byte[]> leaves, List<String> collections, Edges edge) {}

    /** The two in-memory caches of the tree's right side, always of the same size. */
    private record Edges(RightEdge hashes, TileEdge tiles) {
        long size() {
            return hashes.size();
        }

        /** Loads both for the stored tree of {@code size} and checks them against its signed root. */
        static Edges load(Handle h, LedgerTables tables, long size) {
            RightEdge hashes = TileHashes.compute(h, tables, size, source -> RightEdge.load(size, source));
            var signed = tables.checkpoint(h, size);
            if (size > 0 && (signed.isEmpty() || !java.util.Arrays.equals(signed.get().root(), hashes.root()))) {
                throw new LedgerException(LedgerException.Code.INCONSISTENT,
                        "the stored hashes do not give the root of the checkpoint for the head " + size);
            }
            return new Edges(hashes, TileEdge.load(h, tables, size));
        }
    }

    private Written write(Handle h, List<Pending> batch) {
        // The cached edges say where the head is, unless another integrator moved it or the last batch failed:
        // then lock the head, reload them and move it. Either way the head row stays locked until commit.
        Edges before = edge;
        if (before == null || !tables.advanceHead(h, before.size(), before.size() + batch.size())) {
            long stored = tables.lockHead(h);
            before = Edges.load(h, tables, stored);
            tables.setHead(h, stored + batch.size());
        }
        long size = before.size();
        long now = clock.millis();
        List<byte[]> leaves = new ArrayList<>(batch.size());
        List<byte[]> leafHashes = new ArrayList<>(batch.size());
        List<String> collections = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            byte[] leaf = EntryCodec.encode(p.entry(), now);
            leaves.add(leaf);
            leafHashes.add(Hashes.leaf(leaf));
            collections.add(p.entry().collectionId());
        }
        Map<NodeId, byte[]> completed = new LinkedHashMap<>();
        RightEdge hashes = before.hashes().append(leafHashes, completed);
        List<LedgerTables.TileRow> tiles = new ArrayList<>(2);
        Edges after = new Edges(hashes, before.tiles().append(hashes.size(), completed, tiles));
        long newSize = after.size();
        byte[] root = hashes.root();
        tables.insertEntries(h, size, leaves, collections);
        tables.writeTiles(h, tiles);
        tables.insertCheckpoint(h, new LedgerTables.CheckpointRow(newSize, root, signing.sign(newSize, root), now));
        return new Written(size, leaves, collections, after);
    }

    /**
     * The newest entry of {@code collection} (null: entries without one) in the tree of {@code size} entries, when
     * this integrator's last commit left the tree at exactly that size and wrote to that collection since its
     * newest-entry memory last started over; empty otherwise (ask the store). See {@link NewestEntries}.
     */
    public Optional<LedgerEntry> newest(String collection, long size) {
        return newest.newest(collection, size);
    }

    /**
     * Checks the batch-boundary invariant: the head equals the number of entries and the newest checkpoint
     * is for the head and signs the root recomputed from the stored tiles and entries.
     *
     * <p>The head row is locked first: other replicas on the same store may be appending while this one starts,
     * and under PostgreSQL's READ COMMITTED each statement would otherwise see a later log than the one before
     * (a head of 2435 beside 2441 entries). A batch moves the head under the same row lock, so with it held the
     * three reads see one batch boundary; appends elsewhere wait for the check, which reads O(log n) tiles.
     */
    public static void checkIntegrity(Handle h, LedgerTables tables) {
        long head = tables.lockHead(h);
        long entries = h.createQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries").mapTo(Long.class).one();
        var latest = tables.latestCheckpoint(h);
        long checkpointSize = latest.map(LedgerTables.CheckpointRow::size).orElse(0L);
        if (entries != head || checkpointSize != head) {
            throw new LedgerException(LedgerException.Code.INCONSISTENT, "ledger head " + head + " disagrees with "
                    + entries + " stored entries or the newest checkpoint (size " + checkpointSize + ")");
        }
        if (head > 0) {
            byte[] root = TileHashes.compute(h, tables, head, source -> new MerkleTree(source).root(head));
            if (!java.util.Arrays.equals(root, latest.orElseThrow().root())) {
                throw new LedgerException(LedgerException.Code.INCONSISTENT,
                        "the stored hashes do not give the root of the newest checkpoint");
            }
        }
    }

    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        try {
            worker.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
