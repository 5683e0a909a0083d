package dev.trustplane.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Validated, immutable ledger settings.
 *
 * @param origin          checkpoint origin line and log key name, e.g. {@code trustplane.example/ledger}
 * @param maxEntryBytes   largest encoded entry (content plus about 10 bytes of metadata and the content type
 *                        and collection id); at most 65,535, the limit of tlog-tiles entry bundles (default)
 * @param maxBatchEntries most entries integrated in one transaction (default 1,000)
 * @param maxBatchDelay   how long a batch may wait, after its first entry, for requests run by
 *                        {@link Ledger#expectingAppend} that have not appended yet (default 4 ms); for callers
 *                        already inside {@code append} alone it waits at most 1 ms of it, and with no caller coming
 *                        it never waits. 0 = integrate whatever is queued at once (entries that arrive during a
 *                        commit still form the next batch). See docs/performance.md, "Fuller batches".
 * @param witnesses       cosigner keys (type 0x04) whose cosignatures are accepted and served
 * @param clock           server time for entry timestamps
 */
public record LedgerConfig(String origin, int maxEntryBytes, int maxBatchEntries, Duration maxBatchDelay,
                           List<NoteVerifier> witnesses, Clock clock) {
    public static final int MAX_ENTRY_BYTES = 0xFFFF;
    public static final int DEFAULT_BATCH_ENTRIES = 1000;
    public static final Duration DEFAULT_BATCH_DELAY = Duration.ofMillis(4);

    public LedgerConfig {
        if (!SignedNote.isValidName(origin)) {
            throw new IllegalArgumentException("ledger origin '" + origin + "' must be non-empty, without spaces or '+'"
                    + " (e.g. trustplane.example/ledger)");
        }
        if (maxEntryBytes < 64 || maxEntryBytes > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("ledger maxEntryBytes must be 64 to " + MAX_ENTRY_BYTES + ", not " + maxEntryBytes);
        }
        checkBatching(maxBatchEntries, maxBatchDelay);
        witnesses = List.copyOf(witnesses);
        for (NoteVerifier w : witnesses) {
            if (w.type() != NoteVerifier.TYPE_COSIGNATURE) {
                throw new IllegalArgumentException("witness key " + w.name() + " is not a cosignature (0x04) key");
            }
        }
        Objects.requireNonNull(clock, "clock");
    }

    public static LedgerConfig defaults(String origin) {
        return new LedgerConfig(origin, MAX_ENTRY_BYTES, DEFAULT_BATCH_ENTRIES, DEFAULT_BATCH_DELAY, List.of(),
                Clock.systemUTC());
    }

    /** Refuses batch settings out of range: 1 to 100,000 entries, a delay of 0 to 1 s. */
    public static void checkBatching(int maxBatchEntries, Duration maxBatchDelay) {
        if (maxBatchEntries < 1 || maxBatchEntries > 100_000) {
            throw new IllegalArgumentException("ledger batch size must be 1 to 100000 entries, not " + maxBatchEntries);
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative() || maxBatchDelay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("ledger batch delay must be 0 to 1 s");
        }
    }

    public LedgerConfig withMaxEntryBytes(int bytes) {
        return new LedgerConfig(origin, bytes, maxBatchEntries, maxBatchDelay, witnesses, clock);
    }

    public LedgerConfig withBatching(int entries, Duration delay) {
        return new LedgerConfig(origin, maxEntryBytes, entries, delay, witnesses, clock);
    }

    public LedgerConfig withWitnesses(List<NoteVerifier> keys) {
        return new LedgerConfig(origin, maxEntryBytes, maxBatchEntries, maxBatchDelay, keys, clock);
    }

    public LedgerConfig withClock(Clock c) {
        return new LedgerConfig(origin, maxEntryBytes, maxBatchEntries, maxBatchDelay, witnesses, c);
    }
}
