package dev.trustplane.kms;

import java.util.Objects;

/**
 * Vault-wide settings fixed at start.
 *
 * @param retentionDays soft-delete retention, 7–90 days (Key Vault's range), default 90
 * @param maxResults    largest page a listing returns (Key Vault: 25)
 * @param keyCache      how long opened private material may be reused (default on: 1024 versions, 5 minutes)
 */
public record KmsConfig(int retentionDays, int maxResults, KeyCacheSettings keyCache) {
    public KmsConfig {
        if (retentionDays < 7 || retentionDays > 90) {
            throw new IllegalArgumentException("soft-delete retention must be 7 to 90 days, got " + retentionDays);
        }
        if (maxResults < 1 || maxResults > 1000) {
            throw new IllegalArgumentException("max results must be 1 to 1000, got " + maxResults);
        }
        Objects.requireNonNull(keyCache, "keyCache");
    }

    /** With the default key cache. */
    public KmsConfig(int retentionDays, int maxResults) {
        this(retentionDays, maxResults, KeyCacheSettings.defaults());
    }

    public static KmsConfig defaults() {
        return new KmsConfig(90, 25);
    }

    public KmsConfig withKeyCache(KeyCacheSettings settings) {
        return new KmsConfig(retentionDays, maxResults, settings);
    }
}
