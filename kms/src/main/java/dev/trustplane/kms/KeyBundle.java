package dev.trustplane.kms;

import java.util.Map;
import java.util.Optional;

/** One key version as Key Vault returns it: public key, attributes, tags and release policy. */
public record KeyBundle(String name, String version, JsonWebKey key, KeyAttributes attributes,
        Map<String, String> tags, Optional<ReleasePolicy> releasePolicy) {
    public KeyBundle {
        tags = Map.copyOf(tags);
    }
}
