package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.Reason;
import java.util.List;

/**
 * The result of {@link QuoteVerifier#verify}: one outcome per {@link QuoteCheck}, in order.
 * {@link #verified()} is true only if nothing failed and the signature and PCR digest checks passed.
 * {@code quotedPcrs} holds only the supplied PCR values the quote covers, and only when the digest
 * check passed (otherwise it is empty); PCR values the quote does not select are never in it. Use it,
 * and only when {@link #verified()}, as the measured state for policy.
 */
public record QuoteVerification(TpmsAttest attest, List<CheckOutcome<QuoteCheck, QuoteFailure>> outcomes,
        PcrValues quotedPcrs) {

    public QuoteVerification {
        outcomes = List.copyOf(outcomes);
    }

    public boolean verified() {
        return failures().isEmpty() && passed(QuoteCheck.SIGNATURE) && passed(QuoteCheck.PCR_DIGEST);
    }

    public List<QuoteFailure> failures() {
        return outcomes.stream().flatMap(o -> o.failure().stream()).toList();
    }

    /** The failures as shared appraisal reasons (code plus this check's detail). */
    public List<Reason> reasons() {
        return outcomes.stream().filter(o -> o.failure().isPresent())
                .map(o -> new Reason(o.failure().get().reasonCode(), o.failure().get() + ": " + o.detail())).toList();
    }

    public boolean passed(QuoteCheck check) {
        return outcomes.stream().anyMatch(o -> o.check() == check && o.passed());
    }

    public CheckOutcome<QuoteCheck, QuoteFailure> outcome(QuoteCheck check) {
        return outcomes.stream().filter(o -> o.check() == check).findFirst().orElseThrow();
    }
}
