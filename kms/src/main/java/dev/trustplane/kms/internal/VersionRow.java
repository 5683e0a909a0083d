package dev.trustplane.kms.internal;

import dev.trustplane.kms.JsonWebKey;
import dev.trustplane.kms.ReleasePolicy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One stored key version, exactly as in {@code kms_key_versions}: public columns plus the sealed material.
 * Rows are replaced whole by one UPDATE inside a transaction, so readers never see half an update.
 */
record VersionRow(String name, String version, long seq, JsonWebKey publicKey, boolean enabled,
        Optional<Instant> notBefore, Optional<Instant> expires, Instant created, Instant updated, boolean exportable,
        Map<String, String> tags, Optional<ReleasePolicy> releasePolicy, String masterKeyId, byte[] sealed) {

    /** Whether {@code now} lies inside [nbf, exp). */
    boolean isWithinValidity(Instant now) {
        return notBefore.map(nbf -> !now.isBefore(nbf)).orElse(true) && expires.map(now::isBefore).orElse(true);
    }

    VersionRow with(JsonWebKey newKey, boolean newEnabled, Optional<Instant> newNbf, Optional<Instant> newExp,
            Instant newUpdated, Map<String, String> newTags, Optional<ReleasePolicy> newPolicy) {
        return new VersionRow(name, version, seq, newKey, newEnabled, newNbf, newExp, created, newUpdated, exportable,
                newTags, newPolicy, masterKeyId, sealed);
    }
}
