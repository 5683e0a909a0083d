package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/** Collects every finding of one appraisal, in order (not thread-safe; one per verification). */
public final class Findings {
    private final List<Reason> all = new ArrayList<>();

    /** Records a finding. */
    public void add(ReasonCode code, String detail) {
        all.add(new Reason(code, detail));
    }

    /** Whether a finding with this code was recorded. */
    public boolean has(ReasonCode code) {
        return all.stream().anyMatch(r -> r.code() == code);
    }

    /** All findings so far. */
    public List<Reason> list() {
        return List.copyOf(all);
    }
}
