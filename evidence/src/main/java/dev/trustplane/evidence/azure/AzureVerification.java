package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.tpm.CheckOutcome;
import dev.trustplane.evidence.tpm.QuoteVerification;
import java.util.ArrayList;
import java.util.List;

/**
 * Result of {@link AzureCvmVerifier#verify}: the Azure-level outcomes plus the full vTPM quote
 * result. {@link #verified()} says the HCL runtime data is bound to the hardware report and the
 * quote verifies with HCLAkPub — it says nothing about the hardware report's own signature.
 */
public record AzureVerification(List<CheckOutcome<AzureCheck, AzureFailure>> outcomes, QuoteVerification quote) {

    public AzureVerification {
        outcomes = List.copyOf(outcomes);
    }

    public boolean verified() {
        return failures().isEmpty() && quote.verified() && passed(AzureCheck.RUNTIME_DATA_BINDING);
    }

    public List<AzureFailure> failures() {
        return outcomes.stream().flatMap(o -> o.failure().stream()).toList();
    }

    /** Azure failure codes followed by the quote's own failure codes. */
    public List<Enum<?>> failureCodes() {
        List<Enum<?>> all = new ArrayList<>(failures());
        all.addAll(quote.failures());
        return all;
    }

    /**
     * The failures as shared appraisal reasons. VTPM_QUOTE_INVALID is replaced by the quote's own,
     * more precise reasons.
     */
    public List<Reason> reasons() {
        List<Reason> all = new ArrayList<>();
        for (CheckOutcome<AzureCheck, AzureFailure> o : outcomes) {
            o.failure().filter(f -> f != AzureFailure.VTPM_QUOTE_INVALID)
                    .ifPresent(f -> all.add(new Reason(f.reasonCode(), f + ": " + o.detail())));
        }
        all.addAll(quote.reasons());
        return all;
    }

    public boolean passed(AzureCheck check) {
        return outcomes.stream().anyMatch(o -> o.check() == check && o.passed());
    }

    public CheckOutcome<AzureCheck, AzureFailure> outcome(AzureCheck check) {
        return outcomes.stream().filter(o -> o.check() == check).findFirst().orElseThrow();
    }
}
