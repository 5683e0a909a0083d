package dev.trustplane.kms;

import java.time.Instant;
import java.util.Optional;

/**
 * Key Vault's {@code attributes} of a key version. Times are whole seconds (the wire carries unix seconds).
 *
 * @param enabled        false: the key does nothing
 * @param notBefore      before it only decrypt, unwrap and verify work
 * @param expires        after it only decrypt, unwrap and verify work
 * @param created        when the version was created (read-only)
 * @param updated        when the version was last changed (read-only)
 * @param recoverableDays soft-delete retention in days (read-only)
 * @param recoveryLevel  Key Vault's deletion recovery level (read-only)
 * @param exportable     whether the private key may be released (requires a release policy)
 */
public record KeyAttributes(boolean enabled, Optional<Instant> notBefore, Optional<Instant> expires, Instant created,
        Instant updated, int recoverableDays, String recoveryLevel, boolean exportable) {

    /** Whether {@code now} lies inside [notBefore, expires). */
    public boolean isWithinValidity(Instant now) {
        return notBefore.map(nbf -> !now.isBefore(nbf)).orElse(true)
                && expires.map(exp -> now.isBefore(exp)).orElse(true);
    }
}
