package dev.trustplane.evidence;

import java.util.Objects;

/**
 * One finding of an appraisal: a stable code plus a human-readable detail.
 *
 * <p>The detail names fields, certificates and values from the evidence; it never contains secrets
 * (evidence and certificates are public data).
 *
 * @param code the stable code, suitable for policies and metrics
 * @param detail a short explanation for people; not a stable interface
 */
public record Reason(ReasonCode code, String detail) {
    /** Validates that both parts are present. */
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }
}
