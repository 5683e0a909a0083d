package dev.trustplane.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PATCH of a key version: every present field replaces the stored one, absent fields stay. An empty
 * {@code keyOps} list counts as absent (the Azure SDK sends {@code []} when the caller names none).
 * {@code notBefore}/{@code expires} present-but-empty clears the bound.
 */
public record KeyUpdate(Optional<List<KeyOperation>> keyOps, Optional<Boolean> enabled,
        Optional<Optional<Instant>> notBefore, Optional<Optional<Instant>> expires,
        Optional<Map<String, String>> tags, Optional<ReleasePolicy> releasePolicy) {

    public static KeyUpdate none() {
        return new KeyUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
