package dev.trustplane.kms;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a key version's opened private material may stay in memory for reuse (see docs/key-caching.md).
 *
 * <p>Opening a version costs an unseal under the master key (an HSM round trip with a PKCS#11 master key), the
 * decoding, the import into the crypto provider, and — with AWS-LC — the first private operation of a fresh key
 * object, which computes and keeps the Montgomery and blinding values: together about twice the RSA operation
 * itself. Keeping the opened key for a while removes that. The cache never decides whether a key may be used:
 * every call still checks the version's state (deleted, disabled, key_ops, nbf/exp; see {@link KmsConfig#keyStateCache}) first, and an
 * entry is used only for the very sealed blob that row holds.
 *
 * @param maxEntries how many key versions may be held at once (least recently used dropped first); 0 disables
 *                   the cache, so material lives only for one operation
 * @param ttl        how long an opened version may be held after it was opened, used or not; zero disables the
 *                   cache
 */
public record KeyCacheSettings(int maxEntries, Duration ttl) {
    /** Enough for every key of a typical vault; each entry holds one key's material (a few KiB). */
    public static final int DEFAULT_MAX_ENTRIES = 1024;
    /** Long enough to serve a busy key from memory, short enough that idle material does not linger. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final int MAX_ENTRIES_LIMIT = 100_000;
    public static final Duration MAX_TTL = Duration.ofHours(24);

    public KeyCacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (maxEntries < 0 || maxEntries > MAX_ENTRIES_LIMIT) {
            throw new IllegalArgumentException("key cache size must be between 0 (off) and " + MAX_ENTRIES_LIMIT
                    + ", got " + maxEntries);
        }
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("key cache TTL must be between 0 (off) and 24h, got " + ttl);
        }
    }

    /** On: {@value #DEFAULT_MAX_ENTRIES} versions for 5 minutes. */
    public static KeyCacheSettings defaults() {
        return new KeyCacheSettings(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
    }

    /** Off: every operation unseals and imports the key afresh and destroys it afterwards. */
    public static KeyCacheSettings off() {
        return new KeyCacheSettings(0, Duration.ZERO);
    }

    public boolean enabled() {
        return maxEntries > 0 && !ttl.isZero();
    }
}
