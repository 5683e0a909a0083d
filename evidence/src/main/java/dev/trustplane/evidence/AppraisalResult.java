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
 * {@link Integer}, or — for claims that Microsoft Azure Attestation itself structures, such as
 * {@code x-ms-isolation-tee}, {@code x-ms-runtime} or {@code x-ms-azurevm-attested-pcrs} — a
 * {@link List} or a {@link Map} with {@link String} keys of such values, to any depth (a JSON document
 * without nulls or fractions). Nested values are copied and unmodifiable too. Claims are present even when the evidence is not genuine (for diagnosis); a
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
        claims = freezeMap("claims", claims);
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

    // Paths for error messages are built only on error: claims are frozen on every appraisal, and a
    // string per claim would cost more than the copy itself.
    private static Map<String, Object> freezeMap(String path, Map<?, ?> map) {
        Map<String, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + " has a non-string key");
            }
            copy.put(key, freeze(path, key, e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object freeze(String parent, Object child, Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    copy.add(freeze(path(parent, child), i, list.get(i)));
                }
                yield Collections.unmodifiableList(copy);
            }
            case Map<?, ?> map -> freezeMap(path(parent, child), map);
            case null -> throw new IllegalArgumentException(path(parent, child) + " is null");
            default -> throw new IllegalArgumentException(path(parent, child) + " has unsupported type "
                    + value.getClass().getSimpleName());
        };
    }

    private static String path(String parent, Object child) {
        return child instanceof Integer i ? parent + "[" + i + "]" : parent + "." + child;
    }

    /** Whether a rejecting reason or a warning with this code is present. */
    public boolean has(ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code)
                || warnings.stream().anyMatch(w -> w.code() == code);
    }
}
