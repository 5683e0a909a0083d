package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.ReasonCode;

/**
 * Why a {@link QuoteCheck} failed: stable codes, each mapped to the shared {@link ReasonCode}
 * used in appraisal results (the mapping is coarser; these codes stay precise).
 */
public enum QuoteFailure {
    /** TPMT_SIGNATURE names another scheme or hash than the AK pins. */
    SIGNATURE_ALGORITHM_NOT_PINNED(ReasonCode.SIGNATURE_INVALID),
    /** The signature does not verify (or is malformed for the key, e.g. wrong length). */
    SIGNATURE_INVALID(ReasonCode.SIGNATURE_INVALID),
    /** The quote selects a PCR bank whose hash algorithm is not supported. */
    PCR_BANK_UNSUPPORTED(ReasonCode.UNSUPPORTED_VERSION),
    /** A selected PCR has no supplied value. */
    PCR_VALUE_MISSING(ReasonCode.MALFORMED),
    /**
     * The recomputed PCR digest differs from the quoted pcrDigest: the supplied PCR values are not
     * the quoted ones ({@link ReasonCode#MEASUREMENT_MISMATCH}, not MALFORMED: the bytes parse, they
     * just are not what the TPM signed).
     */
    PCR_DIGEST_MISMATCH(ReasonCode.MEASUREMENT_MISMATCH),
    /** extraData differs from the expected nonce. */
    NONCE_MISMATCH(ReasonCode.REPORT_DATA_MISMATCH);

    private final ReasonCode reasonCode;

    QuoteFailure(ReasonCode reasonCode) {
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
