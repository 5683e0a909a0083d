package dev.trustplane.evidence.tpm;

/** The checks {@link QuoteVerifier} performs, in the order it performs them. */
public enum QuoteCheck {
    /** The TPMT_SIGNATURE algorithm equals the one pinned by the attestation key. */
    SIGNATURE_ALGORITHM,
    /** The signature over the exact TPMS_ATTEST bytes verifies with the attestation key. */
    SIGNATURE,
    /** pcrDigest equals H(selected PCR values, bank by bank, ascending index). */
    PCR_DIGEST,
    /** extraData equals the expected nonce (skipped when no nonce is expected). */
    NONCE
}
