package dev.trustplane.kms;

import java.time.Duration;
import java.util.Objects;

/**
 * Vault-wide settings fixed at start.
 *
 * @param retentionDays soft-delete retention, 7–90 days (Key Vault's range), default 90
 * @param maxResults    largest page a listing returns (Key Vault: 25)
 * @param keyCache      how long opened private material may be reused (default on: 1024 versions, 5 minutes)
 * @param keyStateCache how long the crypto and release paths may reuse a key version's row (enabled, key_ops,
 *                      nbf/exp, release policy) instead of reading it again: this process's own changes apply at
 *                      once, other replicas' within this time; zero reads it on every call (default 1 s, at most
 *                      {@link #MAX_KEY_STATE_CACHE})
 */
public record KmsConfig(int retentionDays, int maxResults, KeyCacheSettings keyCache, Duration keyStateCache) {
    /** The default key state cache: the same bound as the attestation policy's freshness across replicas. */
    public static final Duration DEFAULT_KEY_STATE_CACHE = Duration.ofSeconds(1);
    /** Longer would let a key disabled on one replica stay usable on another for longer than an operator expects. */
    public static final Duration MAX_KEY_STATE_CACHE = Duration.ofSeconds(10);

    public KmsConfig {
        if (retentionDays < 7 || retentionDays > 90) {
            throw new IllegalArgumentException("soft-delete retention must be 7 to 90 days, got " + retentionDays);
        }
        if (maxResults < 1 || maxResults > 1000) {
            throw new IllegalArgumentException("max results must be 1 to 1000, got " + maxResults);
        }
        Objects.requireNonNull(keyCache, "keyCache");
        Objects.requireNonNull(keyStateCache, "keyStateCache");
        if (keyStateCache.isNegative() || keyStateCache.compareTo(MAX_KEY_STATE_CACHE) > 0) {
            throw new IllegalArgumentException("key state cache must be between 0 (off) and "
                    + MAX_KEY_STATE_CACHE.toSeconds() + "s, got " + keyStateCache);
        }
    }

    /** With the default key cache and key state cache. */
    public KmsConfig(int retentionDays, int maxResults) {
        this(retentionDays, maxResults, KeyCacheSettings.defaults(), DEFAULT_KEY_STATE_CACHE);
    }

    public static KmsConfig defaults() {
        return new KmsConfig(90, 25);
    }

    public KmsConfig withKeyCache(KeyCacheSettings settings) {
        return new KmsConfig(retentionDays, maxResults, settings, keyStateCache);
    }

    public KmsConfig withKeyStateCache(Duration freshness) {
        return new KmsConfig(retentionDays, maxResults, keyCache, freshness);
    }
}
