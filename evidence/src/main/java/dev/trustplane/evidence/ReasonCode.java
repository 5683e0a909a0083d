package dev.trustplane.evidence;

/**
 * Why an appraisal rejected evidence, or what it wants a relying party to know.
 *
 * <p>Each code is either <em>rejecting</em> (its presence makes the evidence not genuine) or
 * <em>informational</em> (reported as a warning; policy decides). The split is fixed here so that
 * every verifier treats a code the same way.
 */
public enum ReasonCode {
    /** The evidence signature does not verify with the endorsed key. */
    SIGNATURE_INVALID(true),
    /** The certificate chain does not lead to a pinned root, or a certificate is unsuitable. */
    CHAIN_INVALID(true),
    /** A certificate is outside its validity period at the verification time. */
    CERT_EXPIRED(true),
    /** A certificate in the chain is listed on a verified revocation list. */
    REVOKED(true),
    /** The TCB the evidence reports differs from the TCB its endorsement certifies. */
    TCB_MISMATCH(true),
    /** The hardware identity in the evidence differs from the one its endorsement certifies. */
    HWID_MISMATCH(true),
    /** The evidence's report data differs from what the relying party expected (nonce binding). */
    REPORT_DATA_MISMATCH(true),
    /**
     * Measurements supplied beside signed evidence (e.g. PCR values beside a TPM quote) do not hash to
     * the digest the signed evidence commits to: they are not the measured state. This is an integrity
     * failure of the evidence, not a comparison with reference values (that is policy), and not
     * {@link #MALFORMED}, which callers such as the CLI treat as unreadable input.
     */
    MEASUREMENT_MISMATCH(true),
    /** The workload may be debugged by its host. Informational: policy decides whether to reject. */
    DEBUG_ENABLED(false),
    /** The evidence bytes do not follow the format. */
    MALFORMED(true),
    /** The evidence uses a format version or algorithm this verifier does not implement. */
    UNSUPPORTED_VERSION(true),
    /** Collateral needed for the appraisal (certificates, CRL) is missing or unusable. */
    COLLATERAL_UNAVAILABLE(true),
    /** Revocation was not checked because no revocation list was supplied. Informational. */
    CRL_NOT_CHECKED(false),
    /**
     * Collateral (Intel TCB Info, QE Identity, a CRL) is past its {@code nextUpdate} at the verification
     * time. Informational, as Intel's QVL reports a collateral expiration status beside its verdict: the
     * signatures still prove what the collateral says; a policy may demand fresh collateral.
     */
    COLLATERAL_EXPIRED(false),
    /** The platform TCB (Intel TCB status OutOfDate…) is below the latest TCB recovery. Informational. */
    TCB_OUT_OF_DATE(false),
    /** The platform needs a configuration change (Intel TCB status …ConfigurationNeeded). Informational. */
    TCB_CONFIGURATION_NEEDED(false),
    /** Software mitigations are needed (Intel TCB status …SWHardeningNeeded). Informational. */
    TCB_SW_HARDENING_NEEDED(false),
    /** The enclave that vouches for the evidence (Intel QE) is not the one its signed identity describes. */
    QE_IDENTITY_MISMATCH(true);

    private final boolean rejecting;

    ReasonCode(boolean rejecting) {
        this.rejecting = rejecting;
    }

    /** {@code true} when the presence of this code means the evidence is not genuine. */
    public boolean rejecting() {
        return rejecting;
    }
}
