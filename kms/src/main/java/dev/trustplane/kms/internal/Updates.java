package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.ReleasePolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Applies a PATCH to a version: present fields replace, absent fields stay, empty key_ops means unchanged.
 * An immutable release policy can never change; a policy needs an exportable key.
 */
final class Updates {
    private Updates() {}

    static VersionRow apply(VersionRow row, KeyUpdate update, Instant now) {
        var key = row.publicKey();
        if (update.keyOps().isPresent() && !update.keyOps().get().isEmpty()) {
            key = key.withKeyOps(Checks.keyOps(key.kty(), update.keyOps().get()));
        }
        var nbf = update.notBefore().orElse(row.notBefore());
        var exp = update.expires().orElse(row.expires());
        Checks.window(nbf, exp);
        var tags = update.tags().orElse(row.tags());
        Checks.tags(tags);
        Optional<ReleasePolicy> policy = row.releasePolicy();
        if (update.releasePolicy().isPresent()) {
            if (policy.isPresent() && policy.get().immutable()) {
                throw KmsException.conflict("The release policy of this key is immutable and cannot be changed.");
            }
            Checks.releasePolicy(row.exportable(), update.releasePolicy());
            policy = update.releasePolicy();
        }
        return row.with(key, update.enabled().orElse(row.enabled()), nbf, exp, now.truncatedTo(ChronoUnit.SECONDS), tags,
                policy);
    }
}
