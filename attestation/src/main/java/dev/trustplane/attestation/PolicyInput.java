package dev.trustplane.attestation;

import dev.trustplane.evidence.AppraisalResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The incoming claims a policy is evaluated over. Every claim here has issuer {@code AttestationService}
 * ({@code claim-rule-grammar.md}: claims "made available to the policy author by Azure Attestation").
 * Runtime and init-time data given as JSON appear as the claims {@code x-ms-runtime} and {@code x-ms-inittime}
 * (MAA-API.md §2.4) unless the evidence claims already carry them. Map and list values stay structured:
 * conditions compare them as JSON text, {@code JmesPath} and {@code JsonToClaimValue} read them.
 *
 * @param evidenceClaims claims from the appraisal, ordered; values as {@link AppraisalResult#claims()} allows
 * @param runtimeClaims JSON runtime data as a map, or empty
 * @param initTimeClaims JSON init-time data as a map, or empty
 */
public record PolicyInput(
        Map<String, Object> evidenceClaims, Map<String, Object> runtimeClaims, Map<String, Object> initTimeClaims) {

    /** Copies the maps, keeping order. */
    public PolicyInput {
        evidenceClaims = copy(evidenceClaims);
        runtimeClaims = copy(runtimeClaims);
        initTimeClaims = copy(initTimeClaims);
    }

    /** @return input of evidence claims only */
    public static PolicyInput of(Map<String, Object> evidenceClaims) {
        return new PolicyInput(evidenceClaims, Map.of(), Map.of());
    }

    /** @return input of a genuine appraisal's claims */
    public static PolicyInput of(AppraisalResult appraisal, Map<String, Object> runtime, Map<String, Object> initTime) {
        if (!appraisal.genuine()) {
            throw new IllegalArgumentException("policy is evaluated only over genuine evidence");
        }
        return new PolicyInput(appraisal.claims(), runtime, initTime);
    }

    /** @return every incoming claim: evidence claims, then x-ms-runtime and x-ms-inittime where not present */
    public Map<String, Object> allClaims() {
        Map<String, Object> all = new LinkedHashMap<>(evidenceClaims);
        if (!runtimeClaims.isEmpty()) {
            all.putIfAbsent("x-ms-runtime", runtimeClaims);
        }
        if (!initTimeClaims.isEmpty()) {
            all.putIfAbsent("x-ms-inittime", initTimeClaims);
        }
        return Collections.unmodifiableMap(all);
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(m)));
    }
}
