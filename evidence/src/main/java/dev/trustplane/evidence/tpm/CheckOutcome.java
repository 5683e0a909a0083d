package dev.trustplane.evidence.tpm;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one verification check. {@code status} is PASSED, FAILED (with a {@code failure}
 * code) or SKIPPED (the check needs an input that was not given, such as an expected nonce).
 * {@code detail} is a short, safe, human-readable explanation.
 */
public record CheckOutcome<C extends Enum<C>, F extends Enum<F>>(C check, Status status, Optional<F> failure,
        String detail) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public CheckOutcome {
        Objects.requireNonNull(check);
        Objects.requireNonNull(status);
        if ((status == Status.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("a failure code is required exactly when the check failed");
        }
    }

    public static <C extends Enum<C>, F extends Enum<F>> CheckOutcome<C, F> passed(C check, String detail) {
        return new CheckOutcome<C, F>(check, Status.PASSED, Optional.<F>empty(), detail);
    }

    public static <C extends Enum<C>, F extends Enum<F>> CheckOutcome<C, F> failed(C check, F failure, String detail) {
        return new CheckOutcome<>(check, Status.FAILED, Optional.of(failure), detail);
    }

    public static <C extends Enum<C>, F extends Enum<F>> CheckOutcome<C, F> skipped(C check, String detail) {
        return new CheckOutcome<C, F>(check, Status.SKIPPED, Optional.<F>empty(), detail);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
