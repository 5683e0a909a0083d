package dev.trustplane.attestation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of evaluating a policy over a set of claims.
 *
 * @param permitted whether the authorization rules permitted (a token may be issued)
 * @param issuedClaims claims the issuance rules issued, in issue order; a type issued more than once maps to a
 *     list of its values; empty when not permitted
 * @param properties property claims ({@code issueproperty}) from configuration and issuance rules, e.g.
 *     {@code x-ms-sgx-tcbidentifier}, {@code required_pcr_mask}
 * @param explanation which rules decided and why
 */
public record PolicyDecision(
        boolean permitted, Map<String, Object> issuedClaims, Map<String, Object> properties, Explanation explanation) {

    /** Default of {@code require_valid_aik_cert} ({@code policy-version-1-1.md}). */
    public static final boolean DEFAULT_REQUIRE_VALID_AIK_CERT = true;
    /** Default of {@code required_pcr_mask} ({@code policy-version-1-1.md}). */
    public static final long DEFAULT_REQUIRED_PCR_MASK = 0xFFFFFFL;

    /** Makes unmodifiable, order-keeping copies. */
    public PolicyDecision {
        issuedClaims = Collections.unmodifiableMap(new LinkedHashMap<>(issuedClaims));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        Objects.requireNonNull(explanation, "explanation");
    }

    /** @return {@code require_valid_aik_cert} as the policy set it, else its documented default */
    public boolean requireValidAikCert() {
        return properties.get("require_valid_aik_cert") instanceof Boolean b ? b : DEFAULT_REQUIRE_VALID_AIK_CERT;
    }

    /** @return {@code required_pcr_mask} as the policy set it, else its documented default */
    public long requiredPcrMask() {
        return properties.get("required_pcr_mask") instanceof Long l ? l : DEFAULT_REQUIRED_PCR_MASK;
    }
}
