package dev.trustplane.kms.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The version rows the crypto and release paths read, kept for at most {@code freshness} (see
 * docs/key-caching.md, "key state").
 *
 * <p>Reading the row is about a third of what a KMS call costs besides the cryptography itself, and it is the same
 * row call after call. Keeping it is safe within two bounds:
 * <ul>
 *   <li><b>This process's writes drop every entry at once</b> ({@link #invalidate}, called by the store wrapper
 *       after each KMS transaction): a row read before a write committed is stamped with the generation current
 *       when its read began, which the write has since moved past, so it is never used.
 *   <li><b>Other writers (other replicas on the same database) are seen within {@code freshness}</b>: an entry
 *       older than that is read again. Their disable, delete or release-policy change therefore takes effect here
 *       within that time; {@link Duration#ZERO} reads the row on every call.
 * </ul>
 * Only present rows are kept (a missing key always asks the database) and only the state checks' input is
 * cached, never a decision: every call still checks enabled, key_ops and nbf/exp against the clock.
 */
final class KeyStateCache {
    /** A bound on memory against callers naming many distinct versions: when reached, everything is dropped. */
    static final int MAX_ENTRIES = 10_000;

    private record Key(String name, String version) {}

    private record Entry(VersionRow row, long generation, long readAtMillis) {}

    private final KeyRepository repo;
    private final Clock clock;
    private final long freshnessMillis;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    KeyStateCache(KeyRepository repo, Clock clock, Duration freshness) {
        this.repo = repo;
        this.clock = clock;
        this.freshnessMillis = freshness.toMillis();
    }

    /** As {@link KeyRepository#liveVersion}, from memory while fresh. {@code version} null: the latest. */
    Optional<VersionRow> liveVersion(String name, String version) {
        if (freshnessMillis == 0) {
            return repo.liveVersion(name, version);
        }
        Key key = new Key(name, version);
        long now = clock.millis();
        long current = generation.get();
        Entry entry = entries.get(key);
        if (entry != null && entry.generation() == current && now >= entry.readAtMillis()
                && now - entry.readAtMillis() < freshnessMillis) {
            return Optional.of(entry.row());
        }
        Optional<VersionRow> row = repo.liveVersion(name, version); // read after taking `current`, see the class doc
        if (row.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, new Entry(row.get(), current, now));
        }
        return row;
    }

    /** Forgets every entry; called after each write of this process to the KMS tables. */
    void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
