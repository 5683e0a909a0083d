package dev.trustplane.kms.release;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of evaluating a release policy against a verified token. {@code explanation} is meant for the
 * API client: it names the authority block that matched, or the first condition that failed (claim, operator,
 * expected and found values, each length-capped), or says that no authority matches the token's issuer.
 * {@code firstFailure} is empty when the release is allowed or when no authority matched.
 */
public record ReleaseVerdict(boolean allowed, String explanation, Optional<FailedCondition> firstFailure) {
    public ReleaseVerdict {
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(firstFailure, "firstFailure");
    }
}
