package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.ReasonCode;

/** Why an {@link AzureCheck} failed: stable codes, each mapped to the shared {@link ReasonCode}. */
public enum AzureFailure {
    /** The runtime-data hash differs from the hardware report's report data. */
    RUNTIME_DATA_HASH_MISMATCH(ReasonCode.REPORT_DATA_MISMATCH),
    /** Report data bytes after the hash are not zero. */
    REPORT_DATA_TAIL_NOT_ZERO(ReasonCode.REPORT_DATA_MISMATCH),
    /** The separately supplied AK is not HCLAkPub, i.e. not endorsed by the hardware report. */
    AK_MISMATCH(ReasonCode.CHAIN_INVALID),
    /** The vTPM quote failed one of its checks (the quote's own codes say which). */
    VTPM_QUOTE_INVALID(ReasonCode.SIGNATURE_INVALID),
    /** user-data is absent or does not carry the expected nonce. */
    USER_DATA_NONCE_MISMATCH(ReasonCode.REPORT_DATA_MISMATCH);

    private final ReasonCode reasonCode;

    AzureFailure(ReasonCode reasonCode) {
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
