package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerException;
import dev.trustplane.ledger.NewEntry;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends entries in batches (group commit) and acknowledges each only once it is durable.
 *
 * <p><b>How.</b> Callers queue their entry and wait. One integrator thread takes what is queued (up to
 * {@code maxBatch}, waiting at most {@code maxDelay} for more) and, in <em>one</em> store transaction: locks
 * the head row and reads the tree size n; writes the k entries at indexes n…n+k-1; computes and writes every
 * subtree hash that became complete; computes the new root, signs the checkpoint for size n+k and writes it;
 * sets the head to n+k; commits. Only after the commit returns are the callers released with their indexes.
 *
 * <p><b>Why this survives {@code kill -9} at any point.</b> The store's commit is atomic and durable
 * (SQLite WAL with synchronous=FULL, PostgreSQL WAL). A crash before the commit loses the whole batch, and
 * nobody in it was acknowledged; a crash after the commit keeps the whole batch: entries, hashes, checkpoint
 * and head together. So the database is always exactly at a batch boundary: the head equals the number of
 * entries, every complete subtree hash below it is present, and the latest checkpoint signs the root of
 * precisely those entries. Every acknowledged index was committed before its acknowledgement, hence present.
 * Nothing is kept in memory between batches (the size and the right-edge hashes are read inside the
 * transaction under the head lock), so a restart, or a second server on the same PostgreSQL database,
 * continues correctly; {@link #checkIntegrity} re-verifies the invariant when the ledger opens.
 */
public final class Integrator implements AutoCloseable {
    /** Signs the checkpoint for (size, root) and returns the note to store. */
    @FunctionalInterface
    public interface CheckpointSigning {
        String sign(long size, byte[] root);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Integrator.class);

    private record Pending(NewEntry entry, CompletableFuture<Long> done) {}

    private final Store store;
    private final LedgerTables tables;
    private final Clock clock;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final CheckpointSigning signing;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Thread worker;
    private volatile boolean closed;

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

    /** Queues the entry and waits until it is committed; returns its index. */
    public long append(NewEntry entry) {
        var done = new CompletableFuture<Long>();
        gate.readLock().lock();
        try {
            if (closed) {
                throw new LedgerException(LedgerException.Code.UNAVAILABLE, "the ledger is closed");
            }
            queue.put(new Pending(entry, done));
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
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                collect(batch);
                integrate(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void collect(List<Pending> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < maxBatch && maxDelayNanos > 0) {
            long left = deadline - System.nanoTime();
            Pending next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void integrate(List<Pending> batch) {
        try {
            long first = store.inTransaction(h -> write(h, batch));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(first + i);
            }
        } catch (Throwable e) { // never let the integrator die with callers waiting: fail the batch, go on
            LOG.error("Ledger batch of {} entries failed; none was appended", batch.size(), e);
            var failure = e instanceof LedgerException le ? le
                    : new LedgerException(LedgerException.Code.UNAVAILABLE, "the store failed; the entry was not appended", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        }
    }

    private long write(Handle h, List<Pending> batch) {
        long size = tables.lockHead(h);
        long now = clock.millis();
        List<byte[]> leaves = new ArrayList<>(batch.size());
        List<String> collections = new ArrayList<>(batch.size());
        Map<NodeId, byte[]> fresh = new LinkedHashMap<>();
        for (Pending p : batch) {
            byte[] leaf = EntryCodec.encode(p.entry(), now);
            fresh.put(new NodeId(0, size + leaves.size()), Hashes.leaf(leaf));
            leaves.add(leaf);
            collections.add(p.entry().collectionId());
        }
        long newSize = size + batch.size();
        HashSource hashes = (level, index) -> {
            byte[] known = fresh.get(new NodeId(level, index));
            return known != null ? known : tables.node(h, level, index).orElseThrow(() -> new LedgerException(
                    LedgerException.Code.INCONSISTENT, "subtree hash " + level + "/" + index + " is missing"));
        };
        for (int level = 0; level < 62 && (newSize >> (level + 1)) > (size >> (level + 1)); level++) {
            for (long j = size >> (level + 1); j < newSize >> (level + 1); j++) {
                fresh.put(new NodeId(level + 1, j), Hashes.node(hashes.node(level, 2 * j), hashes.node(level, 2 * j + 1)));
            }
        }
        byte[] root = new MerkleTree(hashes).root(newSize);
        tables.insertEntries(h, size, leaves, collections);
        tables.insertNodes(h, fresh);
        tables.insertCheckpoint(h, new LedgerTables.CheckpointRow(newSize, root, signing.sign(newSize, root), now));
        tables.setHead(h, newSize);
        return size;
    }

    /**
     * Checks the batch-boundary invariant: the head equals the number of entries and the newest checkpoint
     * is for the head and signs the root recomputed from the stored hashes.
     */
    public static void checkIntegrity(Handle h, LedgerTables tables) {
        long head = tables.head(h);
        long entries = h.createQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries").mapTo(Long.class).one();
        var latest = tables.latestCheckpoint(h);
        long checkpointSize = latest.map(LedgerTables.CheckpointRow::size).orElse(0L);
        if (entries != head || checkpointSize != head) {
            throw new LedgerException(LedgerException.Code.INCONSISTENT, "ledger head " + head + " disagrees with "
                    + entries + " stored entries or the newest checkpoint (size " + checkpointSize + ")");
        }
        if (head > 0) {
            byte[] root = new MerkleTree((l, i) -> tables.node(h, l, i).orElseThrow(() -> new LedgerException(
                    LedgerException.Code.INCONSISTENT, "subtree hash " + l + "/" + i + " is missing"))).root(head);
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
