package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerEntry;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest entry of each collection this integrator wrote recently, as of one tree size: what
 * {@code GET /app/transactions/current} asks for, answered without reading the entries table.
 *
 * <p><b>Why it stays correct across replicas.</b> The snapshot says "at tree size n, the newest entry of collection c
 * is e". A reader first reads the head row; only when the head equals the snapshot's size is the snapshot the
 * truth for that tree, and the answer comes from memory. When another replica appended (the head moved past the
 * snapshot), or this one has not published its last commit yet, the sizes differ and the reader falls back to the
 * store. A batch extends the snapshot only when it moved the head from exactly the snapshot's size: then nobody
 * else wrote in between (the batch held the head row's lock), so collections absent from the batch keep their
 * newest entry. Otherwise the snapshot starts over with the batch's own entries. A collection missing from the
 * snapshot is unknown, never "empty": the reader asks the store.
 *
 * <p>Bounded: at most {@value #MAX_COLLECTIONS} collections (each entry at most 64 KiB); past that the snapshot
 * starts over. Published as one immutable object through a volatile field, so a reader sees a size and the
 * entries of that size together.
 */
final class NewestEntries {
    static final int MAX_COLLECTIONS = 64;

    private record Snapshot(long size, Map<String, LedgerEntry> newest) {}

    private volatile Snapshot snapshot = new Snapshot(-1, Map.of());

    /**
     * Records a committed batch: {@code leaves} at indexes {@code first}… with their {@code collections}, the tree
     * now of size {@code first + leaves.size()}. Called by the integrator thread only, after the commit.
     */
    void committed(long first, List<byte[]> leaves, List<String> collections) {
        Snapshot before = snapshot;
        Map<String, LedgerEntry> newest = before.size() == first && before.newest().size() < MAX_COLLECTIONS
                ? new HashMap<>(before.newest()) : new HashMap<>();
        Map<String, Integer> lastInBatch = new HashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            lastInBatch.put(collections.get(i), i); // null: entries without a collection
        }
        // Decode only the one entry per collection that is kept.
        lastInBatch.forEach((collection, i) -> newest.put(collection, EntryCodec.decode(first + i, leaves.get(i))));
        snapshot = new Snapshot(first + leaves.size(), Collections.unmodifiableMap(newest));
    }

    /**
     * The newest entry of {@code collection} (null: none) in the tree of {@code size} entries, if this snapshot
     * knows it for exactly that size; empty when the store must be asked.
     */
    Optional<LedgerEntry> newest(String collection, long size) {
        Snapshot s = snapshot;
        return s.size() == size ? Optional.ofNullable(s.newest().get(collection)) : Optional.empty();
    }

    /** Forgets everything (a failed batch: the store's state is not known here). */
    void clear() {
        snapshot = new Snapshot(-1, Map.of());
    }
}
