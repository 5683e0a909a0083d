package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.kds.SnpCollateralResolver;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.snp.internal.SnpClaims;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.trustplane.evidence.tpm.CheckOutcome;

/**
 * Appraises Azure confidential VM evidence end to end into one {@link AppraisalResult}: the chain
 * AMD root → VCEK → SNP report (VMPL 0) → REPORT_DATA = H(runtime data) → HCLAkPub → vTPM quote →
 * PCRs and the caller's nonce. Every link is checked and every failure reported with a shared
 * {@link ReasonCode}:
 * <ul>
 *   <li>SNP report: {@link SnpVerifier} (chain, signature, TCB/hwID binding, CRL, debug warning);
 *       collateral from the certificates the evidence carries (Trustee's {@code vcek}), those given
 *       beside it, then a {@link dev.trustplane.evidence.kds.CollateralStore} via
 *       {@link SnpCollateralResolver} — missing pieces are {@code COLLATERAL_UNAVAILABLE};</li>
 *   <li>VMPL 0: the HCL report is requested by the paravisor, which runs at VMPL 0. A report from a
 *       higher VMPL was requested by less privileged guest software, which could have put any runtime
 *       data — any "HCLAkPub" — into REPORT_DATA; so it is rejected with {@code REPORT_DATA_MISMATCH}
 *       (the binding it would provide is not the paravisor's). Trustee's Azure verifiers reject the same
 *       way ({@code HCL_VMPL_VALUE = 0}); MAA tokens for Azure CVMs carry {@code x-ms-sevsnpvm-vmpl: 0}
 *       (its rejection rule itself is not published);</li>
 *   <li>runtime-data binding, AK match, vTPM quote and nonce: {@link AzureCvmVerifier} (codes mapped
 *       by {@link AzureFailure} and {@link dev.trustplane.evidence.tpm.QuoteFailure}; a PCR digest
 *       mismatch is {@code MEASUREMENT_MISMATCH}, a nonce mismatch {@code REPORT_DATA_MISMATCH});</li>
 *   <li>TDX-backed HCL reports: see {@link TdxHclPart} — never genuine until TD quotes are verified.</li>
 * </ul>
 * Thread-safe; never throws for bad evidence.
 */
public final class AzureCvmAppraiser {
    /** Evidence type of SNP-backed results. */
    public static final String TYPE_SNP = "azure-cvm-snp";
    /** Evidence type of TDX-backed results. */
    public static final String TYPE_TDX = "azure-cvm-tdx";

    private final SnpVerifier snpVerifier;
    private final SnpCollateralResolver resolver;
    private final Clock clock;
    private final TrustProfile.Kind profile;

    /**
     * @param profile the trusted roots (the SNP verifier's)
     * @param clock verification time, for certificates and cached CRLs
     */
    public AzureCvmAppraiser(TrustProfile profile, Clock clock, SnpVerifier.Options options, SnpCollateralResolver resolver) {
        this.snpVerifier = new SnpVerifier(profile, clock, options);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = clock;
        this.profile = profile.kind();
    }

    /**
     * @param evidence the parsed evidence
     * @param collateral certificate/CRL blobs given beside the evidence (PEM or DER; others ignored)
     * @param nonce the value the vTPM quote's extraData must equal (and, for Trustee v2 evidence, the
     *     start of user-data), or {@code null} to skip the freshness check
     */
    public AppraisalResult appraise(AzureCvmEvidence evidence, List<byte[]> collateral, byte[] nonce) {
        List<Reason> findings = new ArrayList<>();
        AzureVerification azure = AzureCvmVerifier.verify(evidence, nonce);
        Map<String, Object> tee = hardware(evidence.hclReport(), evidence.vcek(), evidence.tdQuote(), collateral, findings);
        findings.addAll(azure.reasons());
        return AppraisalResult.of(type(evidence.hclReport()), findings,
                AzureClaims.of(evidence.hclReport(), evidence.formatVersion(), tee, Optional.of(azure.quote())));
    }

    /**
     * Appraises an HCL report that came without its vTPM quote (e.g. the kinvolk test report): the
     * hardware report and the runtime-data binding are checked and reported, but the result is never
     * genuine — without the quote nothing shows the VM's measured state or freshness ({@code MALFORMED}:
     * the evidence is incomplete).
     */
    public AppraisalResult appraiseWithoutQuote(HclReport hcl, Optional<byte[]> tdQuote, List<byte[]> collateral) {
        List<Reason> findings = new ArrayList<>();
        Map<String, Object> tee = hardware(hcl, Optional.empty(), tdQuote, collateral, findings);
        CheckOutcome<AzureCheck, AzureFailure> binding = AzureCvmVerifier.checkBinding(hcl);
        binding.failure().ifPresent(f -> findings.add(new Reason(f.reasonCode(), f + ": " + binding.detail())));
        findings.add(new Reason(ReasonCode.MALFORMED, "vTPM quote missing: the HCL report alone shows neither the "
                + "VM's measured state nor freshness"));
        return AppraisalResult.of(type(hcl), findings, AzureClaims.of(hcl, 0, tee, Optional.empty()));
    }

    private static String type(HclReport hcl) {
        return hcl.hardwareReportType() == HardwareReportType.SNP ? TYPE_SNP : TYPE_TDX;
    }

    private Map<String, Object> hardware(HclReport hcl, Optional<byte[]> vcek, Optional<byte[]> tdQuote,
            List<byte[]> collateral, List<Reason> findings) {
        if (hcl.hardwareReportType() == HardwareReportType.SNP) {
            return snp(hcl.hardwareReport(), loader(vcek, collateral), findings);
        }
        TdxHclPart.check(hcl.hardwareReport(), tdQuote, findings);
        return TdxHclPart.claims(hcl.hardwareReport());
    }

    private Map<String, Object> snp(byte[] reportBytes, SnpCollateralLoader given, List<Reason> findings) {
        SnpReport report;
        try {
            report = SnpReport.parse(reportBytes);
        } catch (EvidenceFormatException e) {
            findings.add(new Reason(e.code(), "embedded SNP report: " + e.getMessage()));
            return Map.of("x-ms-attestation-type", SnpClaims.TYPE);
        }
        if (report.vmpl() != 0) {
            findings.add(new Reason(ReasonCode.REPORT_DATA_MISMATCH, "HCL report requested at VMPL " + report.vmpl()
                    + ", not by the paravisor at VMPL 0: its REPORT_DATA does not vouch for the runtime data"));
        }
        SnpCollateral collateral;
        try {
            collateral = resolver.resolve(report, given, clock.instant());
        } catch (EvidenceFormatException e) {
            findings.add(e.toReason());
            return SnpClaims.of(report, report.product().orElse(null), profile, null, null);
        }
        AppraisalResult snp = snpVerifier.verify(report, collateral, null);
        findings.addAll(snp.reasons());
        findings.addAll(snp.warnings());
        return snp.claims();
    }

    /**
     * The evidence's own VCEK first, then what was given beside it, each certificate once (Trustee JSON
     * and a collateral folder often both hold the same VCEK; two copies would look like two leaves).
     */
    private static SnpCollateralLoader loader(Optional<byte[]> vcek, List<byte[]> collateral) {
        SnpCollateralLoader pool = new SnpCollateralLoader();
        vcek.ifPresent(pool::addBytes);
        collateral.forEach(pool::addBytes);
        SnpCollateralLoader unique = new SnpCollateralLoader();
        List<byte[]> seen = new ArrayList<>();
        try {
            for (X509Certificate c : pool.certificates()) {
                add(unique, seen, c.getEncoded());
            }
            for (X509CRL crl : pool.crls()) {
                add(unique, seen, crl.getEncoded());
            }
        } catch (CertificateEncodingException | CRLException e) {
            return pool; // cannot happen for parsed certificates; fall back to the pool as is
        }
        return unique;
    }

    private static void add(SnpCollateralLoader loader, List<byte[]> seen, byte[] der) {
        if (seen.stream().noneMatch(s -> Arrays.equals(s, der))) {
            seen.add(der);
            loader.addBytes(der);
        }
    }
}
