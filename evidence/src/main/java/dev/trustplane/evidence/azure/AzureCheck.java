package dev.trustplane.evidence.azure;

/** The checks {@link AzureCvmVerifier} performs, in order. */
public enum AzureCheck {
    /** H(runtime data bytes) == report data prefix of the embedded hardware report, rest zero. */
    RUNTIME_DATA_BINDING,
    /** An AK supplied beside the evidence equals HCLAkPub (skipped when none is supplied). */
    SUPPLIED_AK_MATCHES,
    /** The vTPM quote verifies with HCLAkPub (details in {@link AzureVerification#quote()}). */
    VTPM_QUOTE,
    /** v2 evidence: runtime-data user-data starts with the expected nonce, then zeros. */
    USER_DATA_NONCE
}
