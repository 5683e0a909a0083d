package dev.trustplane.attestation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of an attestation token besides the registered ones ({@code iss iat nbf exp jti}, added when
 * signing), in MAA's order and naming (MAA-API.md §2.4): {@code nonce}, {@code x-ms-ver},
 * {@code x-ms-attestation-type}, {@code x-ms-policy-hash}, the evidence claims, {@code x-ms-runtime},
 * {@code x-ms-inittime}, then what the policy's issuance rules issued (which may override an evidence claim of
 * the same name, as a policy author expects). Simulated evidence is marked {@code x-trustplane-simulated: true}
 * so no relying party can mistake it for hardware-backed evidence.
 */
public final class TokenClaims {
    private TokenClaims() {}

    /**
     * @param attestationType the token's {@code x-ms-attestation-type}, e.g. {@code sevsnpvm}
     * @param policyHash the {@code x-ms-policy-hash} of the policy that decided
     * @param nonce the client's nonce, echoed
     * @param evidenceClaims the appraisal's claims
     * @param runtime JSON runtime data as claims, or empty
     * @param initTime JSON init-time data as claims, or empty
     * @param decision the permitting decision
     * @param simulated whether the evidence chained to simulator roots
     */
    public static Map<String, Object> of(String attestationType, String policyHash, Optional<String> nonce,
            Map<String, Object> evidenceClaims, Map<String, Object> runtime, Map<String, Object> initTime,
            PolicyDecision decision, boolean simulated) {
        if (!decision.permitted()) {
            throw new IllegalArgumentException("tokens are issued only for permitted decisions");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        nonce.ifPresent(n -> c.put("nonce", n));
        c.put("x-ms-ver", "1.0");
        c.putAll(evidenceClaims);
        c.put("x-ms-attestation-type", attestationType);
        c.put("x-ms-policy-hash", policyHash);
        if (!runtime.isEmpty()) {
            c.put("x-ms-runtime", runtime);
        }
        if (!initTime.isEmpty()) {
            c.put("x-ms-inittime", initTime);
        }
        c.putAll(decision.issuedClaims());
        if (simulated) {
            c.put("x-trustplane-simulated", true);
        }
        return c;
    }
}
