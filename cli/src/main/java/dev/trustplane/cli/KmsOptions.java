package dev.trustplane.cli;

import dev.trustplane.kms.KeyCacheSettings;
import dev.trustplane.kms.KmsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code trustplane serve} options of the KMS; each also a config-file key and an environment variable
 * ({@code TRUSTPLANE_KEY_CACHE_SIZE}, ...), as every serve option. See docs/key-caching.md.
 */
final class KmsOptions {
    static final Set<String> KEYS = Set.of("key-cache-size", "key-cache-ttl", "key-state-cache");

    @Option(names = "--key-cache-size", paramLabel = "N",
            description = "Key versions whose opened private material may be kept in memory for reuse (default "
                    + KeyCacheSettings.DEFAULT_MAX_ENTRIES + "); 0 = off, material lives for one operation only.")
    String cacheSize;

    @Option(names = "--key-cache-ttl", paramLabel = "DURATION",
            description = "How long an opened key version may be kept, used or not (default 5m, at most 24h); 0 = off.")
    String cacheTtl;

    @Option(names = "--key-state-cache", paramLabel = "DURATION",
            description = "How long sign, decrypt, unwrap, release and the other key operations may reuse a key "
                    + "version's state (enabled, key_ops, dates, release policy) instead of reading it again "
                    + "(default 1s, at most 10s). This server's own changes apply at once; another replica's within "
                    + "this time. 0 = read on every call.")
    String stateCache;

    /** The KMS settings from flags, environment and the config file. */
    KmsConfig settings(Path configFile, Set<String> allKeys, Map<String, String> env) throws UsageException {
        Settings s = Settings.load(configFile, allKeys, env);
        String size = s.get("key-cache-size", cacheSize, Integer.toString(KeyCacheSettings.DEFAULT_MAX_ENTRIES));
        String ttl = s.get("key-cache-ttl", cacheTtl, "5m");
        String state = s.get("key-state-cache", stateCache, "1s");
        try {
            int entries = Settings.integer("key-cache-size", size);
            Duration lifetime = Settings.durationOrZero(ttl);
            return KmsConfig.defaults().withKeyCache(new KeyCacheSettings(entries, lifetime))
                    .withKeyStateCache(Settings.durationOrZero(state));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
