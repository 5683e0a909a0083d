package dev.trustplane.evidence.appraisal;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.azure.AzureCvmAppraiser;
import dev.trustplane.evidence.dcap.DcapVerifier;
import dev.trustplane.evidence.dcap.internal.DcapClaims;
import dev.trustplane.evidence.pcs.IntelCollateralResolver;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.evidence.kds.SnpCollateralResolver;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.snp.internal.SnpClaims;
import dev.trustplane.evidence.tpm.TpmQuoteAppraiser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point for callers (the CLI's {@code trustplane verify}, later the attestation
 * service): give it blobs, get one {@link AppraisalResult}. It composes the technology verifiers and
 * adds nothing of its own but the sorting of inputs:
 * <ul>
 *   <li>the evidence type is told by content ({@link #detect}) unless {@link Options#type()} fixes it:
 *       an SNP report (1184 bytes, version 2/3/5), an HCL report ({@code HCLA}), Trustee
 *       {@code az-snp-vtpm}/{@code az-tdx-vtpm} JSON, a TPM quote (Trustee or go-attestation JSON, or a
 *       bare TPMS_ATTEST), an Intel TDX or SGX ECDSA quote (header version, key type, TEE type);</li>
 *   <li>the other inputs are companions, also told by content: certificates and CRLs (PEM or DER), an
 *       Azure vTPM quote (bincode) or TPMT_SIGNATURE, an attestation key (PEM, SPKI, TPM2B/TPMT_PUBLIC,
 *       JWK), PCR values ({@code {"sha256": {"0": "<hex>", ...}}}), Intel TCB Info and QE Identity JSON;</li>
 *   <li>a TDX quote may come with its CC event log (TCG crypto-agile, SHA-384) and the ACPI {@code CCEL}
 *       table, also told by content; the log is replayed against the quote's RTMRs;</li>
 *   <li>{@link Options#nonce()} is what freshness is checked against: REPORT_DATA of an SNP report
 *       (zero-padded to 64 bytes), extraData of the (v)TPM quote (and Trustee v2 user-data), REPORTDATA of
 *       a TDX or SGX quote (zero-padded to 64 bytes).</li>
 * </ul>
 * Never throws for bad input: unreadable evidence is {@code MALFORMED} naming the input and the field,
 * an input that is none of the above is {@code MALFORMED} ("cannot tell …"), several pieces of evidence
 * at once are {@code MALFORMED} too (appraise one at a time). Thread-safe.
 */
public final class EvidenceAppraiser {
    /** Evidence type reported when the evidence could not be identified. */
    public static final String UNKNOWN_TYPE = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceAppraiser.class);

    /**
     * Appraisal options, validated once.
     *
     * @param type the expected evidence type, or empty to detect it
     * @param profile trusted roots (production, or the simulator's)
     * @param clock verification time ("as of" for expired real certificates)
     * @param requireCrl reject SNP evidence whose CRL is not at hand instead of warning
     * @param nonce the expected nonce / report data, or empty to skip freshness checks
     * @param store AMD and Intel collateral cache (online or offline), or empty to use only what is given
     * @param requireFreshCollateral reject Intel collateral past its {@code nextUpdate} instead of warning
     *     {@code COLLATERAL_EXPIRED}
     */
    public record Options(Optional<EvidenceType> type, TrustProfile profile, Clock clock, boolean requireCrl,
            Optional<byte[]> nonce, Optional<CollateralStore> store, boolean requireFreshCollateral) {
        public Options {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(store, "store");
            nonce = nonce.map(byte[]::clone);
        }

        /** Options under which expired Intel collateral is a warning only. */
        public Options(Optional<EvidenceType> type, TrustProfile profile, Clock clock, boolean requireCrl,
                Optional<byte[]> nonce, Optional<CollateralStore> store) {
            this(type, profile, clock, requireCrl, nonce, store, false);
        }

        /** Detect the type, production roots, system clock, no CRL required, no nonce, no store, stale collateral warned. */
        public static Options defaults() {
            return new Options(Optional.empty(), TrustProfile.production(), Clock.systemUTC(), false, Optional.empty(),
                    Optional.empty(), false);
        }

        @Override
        public Optional<byte[]> nonce() {
            return nonce.map(byte[]::clone);
        }

        public Options withType(EvidenceType t) {
            return new Options(Optional.of(t), profile, clock, requireCrl, nonce, store, requireFreshCollateral);
        }

        public Options withProfile(TrustProfile p) {
            return new Options(type, p, clock, requireCrl, nonce, store, requireFreshCollateral);
        }

        public Options withClock(Clock c) {
            return new Options(type, profile, c, requireCrl, nonce, store, requireFreshCollateral);
        }

        public Options withRequireCrl(boolean required) {
            return new Options(type, profile, clock, required, nonce, store, requireFreshCollateral);
        }

        public Options withNonce(byte[] n) {
            return new Options(type, profile, clock, requireCrl, Optional.of(n), store, requireFreshCollateral);
        }

        public Options withStore(CollateralStore s) {
            return new Options(type, profile, clock, requireCrl, nonce, Optional.of(s), requireFreshCollateral);
        }

        /** Whether Intel collateral past its nextUpdate rejects the evidence ({@code COLLATERAL_UNAVAILABLE}). */
        public Options withRequireFreshCollateral(boolean required) {
            return new Options(type, profile, clock, requireCrl, nonce, store, required);
        }
    }

    private final Options options;
    private final SnpVerifier snp;
    private final SnpCollateralResolver resolver;
    private final AzureCvmAppraiser azure;
    private final DcapVerifier dcap;
    private final IntelCollateralResolver intelCollateral;

    public EvidenceAppraiser(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        SnpVerifier.Options snpOptions = new SnpVerifier.Options(options.requireCrl());
        this.snp = new SnpVerifier(options.profile(), options.clock(), snpOptions);
        this.resolver = new SnpCollateralResolver(options.store());
        this.azure = new AzureCvmAppraiser(options.profile(), options.clock(), snpOptions, resolver);
        this.dcap = new DcapVerifier(options.profile(), options.clock(), new DcapVerifier.Options(options.requireCrl(),
                options.requireFreshCollateral()));
        this.intelCollateral = new IntelCollateralResolver(options.store());
    }

    /** The evidence type of one blob, by content; empty for companions (certificates, keys) and garbage. */
    public static Optional<EvidenceType> detect(byte[] input) {
        return InputKind.of(input).evidenceType();
    }

    /** Appraises unnamed blobs ("input 1", "input 2", …); every one must be recognised. */
    public AppraisalResult appraise(List<byte[]> inputs) {
        List<EvidenceInput> named = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            named.add(new EvidenceInput("input " + (i + 1), inputs.get(i)));
        }
        return appraise(named, List.of());
    }

    /**
     * Appraises one piece of evidence.
     *
     * @param inputs the evidence and its companions; each must be recognised, or the result is MALFORMED
     * @param collateral extra certificates/CRLs (e.g. a collateral folder); anything else in it is ignored
     */
    public AppraisalResult appraise(List<EvidenceInput> inputs, List<EvidenceInput> collateral) {
        try {
            return new Appraisal(options, snp, resolver, azure, dcap, intelCollateral).run(inputs, collateral);
        } catch (RuntimeException e) {
            // A bug, not bad input: still a verdict, never a genuine one, and logged for diagnosis.
            LOG.warn("appraisal failed unexpectedly", e);
            return failure(options.type().map(EvidenceAppraiser::typeName).orElse(UNKNOWN_TYPE), ReasonCode.MALFORMED,
                    "appraisal failed unexpectedly (" + e.getClass().getSimpleName() + ")");
        }
    }

    static AppraisalResult failure(String type, ReasonCode code, String detail) {
        return AppraisalResult.of(type, List.of(new Reason(code, detail)), Map.of());
    }

    /** The result type used before the evidence is parsed far enough to be more precise. */
    static String typeName(EvidenceType t) {
        return switch (t) {
            case SNP -> SnpClaims.TYPE;
            case AZURE_CVM -> "azure-cvm";
            case TPM -> TpmQuoteAppraiser.TYPE;
            case TDX -> DcapClaims.TDX_TYPE;
            case SGX -> DcapClaims.SGX_TYPE;
        };
    }
}
