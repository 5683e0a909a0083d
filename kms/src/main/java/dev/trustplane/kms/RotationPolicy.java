package dev.trustplane.kms;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/**
 * Key Vault's KeyRotationPolicy: at most one Rotate and one Notify action, each triggered a period after the
 * version's creation or before its expiry, and {@code expiryTime}, the validity given to versions the
 * rotation creates. Periods are ISO-8601 date periods ({@code P90D}, {@code P1Y}); Key Vault's minimums apply:
 * rotate at least 7 days after creation, expiry at least 28 days.
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, Optional<Period> expiryTime, Optional<Instant> created,
        Optional<Instant> updated) {

    /** What to do. Notify is accepted and stored; Trustplane has no Event Grid, so it does nothing yet. */
    public enum ActionType { ROTATE, NOTIFY }

    /** One trigger and its action: exactly one of the two periods is present. */
    public record LifetimeAction(ActionType type, Optional<Period> timeAfterCreate, Optional<Period> timeBeforeExpiry) {
        public LifetimeAction {
            if (timeAfterCreate.isPresent() == timeBeforeExpiry.isPresent()) {
                throw KmsException.badParameter("A lifetime action needs exactly one of timeAfterCreate and timeBeforeExpiry.");
            }
        }
    }

    public RotationPolicy {
        lifetimeActions = List.copyOf(lifetimeActions);
    }

    /** Key Vault's answer for a key without a policy: notify 30 days before expiry. */
    public static RotationPolicy defaultPolicy() {
        return new RotationPolicy(List.of(new LifetimeAction(ActionType.NOTIFY, Optional.empty(), Optional.of(Period.ofDays(30)))),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The Rotate action, if any. */
    public Optional<LifetimeAction> rotateAction() {
        return lifetimeActions.stream().filter(a -> a.type() == ActionType.ROTATE).findFirst();
    }
}
