package dev.trustplane.evidence.dcap;

/**
 * Claim names of DCAP appraisals that callers act on — the hook for MAA-style attestation routes
 * ({@code /attest/TdxVm}, {@code /attest/SgxEnclave}, {@code /attest/OpenEnclave}): the token's
 * attestation type, the claim whose first 32 bytes must equal SHA-256 of the request's runtime data
 * (as {@code x-ms-sevsnpvm-reportdata} is for SNP), and the TCB status a policy decides on.
 */
public final class DcapClaimNames {
    /** {@code x-ms-attestation-type} of TDX appraisals. */
    public static final String TDX_TYPE = "tdxvm";
    /** {@code x-ms-attestation-type} of SGX appraisals. */
    public static final String SGX_TYPE = "sgx";
    /** REPORTDATA of a TD (hex, 64 bytes). */
    public static final String TDX_REPORT_DATA = "tdx_report_data";
    /** REPORTDATA of an enclave (hex, 64 bytes). */
    public static final String SGX_REPORT_DATA = "x-ms-sgx-report-data";
    /** Intel's converged TCB status of a TD platform, e.g. {@code UpToDate} (MAA's name). */
    public static final String TDX_TCB_STATUS = "attester_tcb_status";
    /** Intel's converged TCB status, TDX or SGX. */
    public static final String TCB_STATUS = "dcap-tcb-status";
    /** Intel advisory IDs behind the TCB status (list of strings), TDX or SGX. */
    public static final String ADVISORY_IDS = "dcap-advisory-ids";

    /**
     * Whether collateral the verdict used (TCB Info, QE Identity, PCK and Root CA CRLs) is past its
     * {@code nextUpdate} at the verification time (boolean): Intel's collateral expiration status. Expired
     * collateral is only a {@code COLLATERAL_EXPIRED} warning unless fresh collateral is required, so a
     * policy that wants fresh collateral can demand {@code false} here.
     */
    public static final String COLLATERAL_EXPIRED = "dcap-collateral-expired";
    /** The earliest {@code nextUpdate} of the collateral the verdict used (RFC 3339). */
    public static final String COLLATERAL_NEXT_UPDATE = "dcap-collateral-next-update";
    /**
     * Whether a CC event log was given and reproduces RTMR0..3 of the quote (boolean; absent without a
     * log). Only then are the {@link #CCEL_EVENTS} what the TD measured.
     */
    public static final String CCEL_REPLAYED = "dcap-ccel-replayed";
    /**
     * The measured events of the CC event log (list of maps: {@code rtmr} 0..3, {@code type} TCG name,
     * {@code digest} SHA-384 hex, {@code offset} in the log), in log order.
     */
    public static final String CCEL_EVENTS = "dcap-ccel-events";

    private DcapClaimNames() {}
}
