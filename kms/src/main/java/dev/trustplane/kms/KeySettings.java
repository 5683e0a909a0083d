package dev.trustplane.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller sets on a new key version (create or import). Empty {@code keyOps} means the default:
 * every operation the key type supports.
 */
public record KeySettings(List<KeyOperation> keyOps, boolean enabled, Optional<Instant> notBefore,
        Optional<Instant> expires, boolean exportable, Map<String, String> tags, Optional<ReleasePolicy> releasePolicy) {
    public KeySettings {
        keyOps = List.copyOf(keyOps);
        tags = Map.copyOf(tags);
    }

    /** Defaults: enabled, no validity window, not exportable, no tags, no policy. */
    public static KeySettings defaults() {
        return new KeySettings(List.of(), true, Optional.empty(), Optional.empty(), false, Map.of(), Optional.empty());
    }
}
