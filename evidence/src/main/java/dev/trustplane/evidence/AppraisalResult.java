package dev.trustplane.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of appraising one piece of evidence: a verdict, every reason behind it, and the claims
 * extracted from the evidence.
 *
 * <p>Guarantees: {@code genuine} is {@code true} exactly when {@code reasons} is empty;
 * {@code reasons} holds only {@linkplain ReasonCode#rejecting() rejecting} codes and
 * {@code warnings} only informational ones. All failing checks are listed, not just the first.
 * Claims keep their insertion order; values are {@link String}, {@link Boolean}, {@link Long} or
 * {@link Integer}. Claims are present even when the evidence is not genuine (for diagnosis); a
 * relying party must not trust them unless {@code genuine} is {@code true}.
 *
 * @param genuine whether the evidence verified cryptographically and bound to its endorsements
 * @param evidenceType the evidence type, e.g. {@code "sevsnpvm"}
 * @param reasons the rejecting findings, in the order they were found
 * @param warnings the informational findings (e.g. {@link ReasonCode#CRL_NOT_CHECKED})
 * @param claims the extracted claims, ordered
 */
public record AppraisalResult(
        boolean genuine,
        String evidenceType,
        List<Reason> reasons,
        List<Reason> warnings,
        Map<String, Object> claims) {

    /** Validates the invariants and makes defensive, unmodifiable copies. */
    public AppraisalResult {
        Objects.requireNonNull(evidenceType, "evidenceType");
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        for (Reason r : reasons) {
            if (!r.code().rejecting()) {
                throw new IllegalArgumentException("informational code among reasons: " + r.code());
            }
        }
        for (Reason w : warnings) {
            if (w.code().rejecting()) {
                throw new IllegalArgumentException("rejecting code among warnings: " + w.code());
            }
        }
        if (genuine != reasons.isEmpty()) {
            throw new IllegalArgumentException("genuine must be true exactly when there are no reasons");
        }
    }

    /**
     * Builds a result from findings in any mix, sorting each into reasons or warnings by its code.
     *
     * @param evidenceType the evidence type
     * @param findings every finding of the appraisal
     * @param claims the extracted claims
     * @return the result; genuine when no finding is rejecting
     */
    public static AppraisalResult of(String evidenceType, List<Reason> findings, Map<String, Object> claims) {
        List<Reason> rejecting = new ArrayList<>();
        List<Reason> informational = new ArrayList<>();
        for (Reason f : findings) {
            (f.code().rejecting() ? rejecting : informational).add(f);
        }
        return new AppraisalResult(rejecting.isEmpty(), evidenceType, rejecting, informational, claims);
    }

    /** Whether a rejecting reason or a warning with this code is present. */
    public boolean has(ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code)
                || warnings.stream().anyMatch(w -> w.code() == code);
    }
}
