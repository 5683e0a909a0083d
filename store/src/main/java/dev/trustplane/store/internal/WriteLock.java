package dev.trustplane.store.internal;

import dev.trustplane.store.StoreException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits one SQLite writer at a time, in arrival order.
 *
 * <p>Why not just rely on SQLite: with {@code BEGIN IMMEDIATE} a second writer waits in SQLite's busy
 * handler, which polls with growing sleeps, is not fair, and gives up after {@code busy_timeout} with
 * {@code SQLITE_BUSY}; under eight busy writers some lose. A fair lock queues them instead, so the busy
 * timeout only matters against another process. The lock is taken <em>before</em> a connection is
 * borrowed, so queued writers hold no connection. Re-entrant: a nested transaction on the same thread
 * joins the outer one. Gives up after a bound rather than hanging a request forever.
 */
final class WriteLock {

    static final long WAIT_SECONDS = 30;

    private final ReentrantLock lock = new ReentrantLock(true);

    void acquire() {
        try {
            if (!lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new StoreException(StoreException.Code.BUSY,
                        "a write waited more than " + WAIT_SECONDS + " s for its turn at the SQLite writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Code.BUSY, "interrupted while waiting for the SQLite writer");
        }
    }

    void release() {
        lock.unlock();
    }
}
