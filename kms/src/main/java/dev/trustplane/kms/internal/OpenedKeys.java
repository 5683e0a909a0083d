package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyCacheSettings;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bounded cache of opened key versions ({@link KeyCacheSettings}): at most {@code maxEntries}, least recently
 * used dropped first, each held at most {@code ttl} after it was opened.
 *
 * <p>What it may and may not decide: callers check the version's freshly read row (deleted, disabled, key_ops,
 * nbf/exp) <em>before</em> asking for its material, so the cache never makes a refused key usable. An entry is
 * found by name and version and used only if it was opened from the very sealed blob that row holds (compared
 * byte for byte), so a row that changed underneath — restored, re-sealed under another master key, or written by
 * another replica — cannot be served stale material. Disable, update, delete and purge on this replica drop the
 * key's entries at once; on other replicas those entries are never used again (their rows now refuse the key) and
 * go at their TTL.
 *
 * <p>Entries are closed (material zeroed, provider key destroyed) when dropped, but never while an operation is
 * using them: each use holds a lease and the last lease of a dropped entry closes it. A daemon sweep drops
 * expired entries of idle keys too.
 */
final class OpenedKeys {
    /** One daemon thread sweeps every cache of the process; it holds caches weakly. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kms-key-cache-sweep").daemon(true).factory());

    private record Id(String name, String version) {}

    private static final class Entry {
        final byte[] sealed;
        final OpenedKey key;
        final Instant expires;
        int leases;
        boolean dropped;

        Entry(byte[] sealed, OpenedKey key, Instant expires) {
            this.sealed = sealed;
            this.key = key;
            this.expires = expires;
        }
    }

    private final KeyCacheSettings settings;
    private final Clock clock;
    /** Access-ordered: iteration starts at the least recently used entry. Guarded by {@code this}. */
    private final LinkedHashMap<Id, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    OpenedKeys(KeyCacheSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        if (settings.enabled()) {
            scheduleSweep(this, Math.max(1, Math.min(settings.ttl().toSeconds() / 4, 30)));
        }
    }

    private static void scheduleSweep(OpenedKeys cache, long periodSeconds) {
        var ref = new WeakReference<>(cache);
        var task = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>>();
        task.set(SWEEPER.scheduleWithFixedDelay(() -> {
            OpenedKeys live = ref.get();
            if (live == null) {
                var self = task.get();
                if (self != null) {
                    self.cancel(false); // the KMS that owned this cache is gone
                }
                return;
            }
            live.dropExpired();
        }, periodSeconds, periodSeconds, TimeUnit.SECONDS));
    }

    /**
     * Runs {@code op} with the version's opened key: a cached one opened from {@code sealed}, else one
     * {@code open} makes now (kept for later when the cache is on, closed after {@code op} when it is off).
     */
    <T> T use(String name, String version, byte[] sealed, Supplier<OpenedKey> open, Function<OpenedKey, T> op) {
        if (!settings.enabled()) {
            try (OpenedKey key = open.get()) {
                return op.apply(key);
            }
        }
        Id id = new Id(name, version);
        Entry entry = lease(id, sealed);
        if (entry == null) {
            entry = admit(id, sealed, open.get());
        }
        try {
            return op.apply(entry.key);
        } finally {
            release(entry);
        }
    }

    /** A leased live entry for {@code id} opened from {@code sealed}, or null. */
    private synchronized Entry lease(Id id, byte[] sealed) {
        Entry e = entries.get(id);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires) || !Arrays.equals(e.sealed, sealed)) {
            drop(entries.remove(id));
            return null;
        }
        e.leases++;
        return e;
    }

    /** Adds a freshly opened key (unless another thread added one for the same blob meanwhile) and leases it. */
    private synchronized Entry admit(Id id, byte[] sealed, OpenedKey key) {
        Entry existing = entries.get(id);
        if (existing != null && Arrays.equals(existing.sealed, sealed) && clock.instant().isBefore(existing.expires)) {
            key.close();
            existing.leases++;
            return existing;
        }
        Entry fresh = new Entry(sealed.clone(), key, clock.instant().plus(settings.ttl()));
        fresh.leases = 1;
        drop(entries.put(id, fresh));
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > settings.maxEntries()) {
            drop(eldest.next());
            eldest.remove();
        }
        return fresh;
    }

    private synchronized void release(Entry e) {
        e.leases--;
        if (e.dropped && e.leases == 0) {
            e.key.close();
        }
    }

    /** Marks a removed entry dropped; closes it now unless an operation still holds it (then the last one does). */
    private void drop(Entry e) {
        if (e == null || e.dropped) {
            return;
        }
        e.dropped = true;
        if (e.leases == 0) {
            e.key.close();
        }
    }

    /** Drops every cached version of {@code name}. */
    synchronized void evict(String name) {
        for (Iterator<Map.Entry<Id, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            var next = it.next();
            if (next.getKey().name().equals(name)) {
                drop(next.getValue());
                it.remove();
            }
        }
    }

    /** Drops every entry. */
    synchronized void clear() {
        entries.values().forEach(this::drop);
        entries.clear();
    }

    /** Drops the entries whose TTL has passed. */
    synchronized void dropExpired() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> {
            if (now.isBefore(e.expires)) {
                return false;
            }
            drop(e);
            return true;
        });
    }

    /** How many versions are held now (for tests and metrics). */
    synchronized int size() {
        return entries.size();
    }

    /** The key versions held now, as {@code name/version} (for tests). */
    synchronized List<String> held() {
        var out = new ArrayList<String>();
        entries.keySet().forEach(id -> out.add(id.name() + "/" + id.version()));
        return out;
    }
}
