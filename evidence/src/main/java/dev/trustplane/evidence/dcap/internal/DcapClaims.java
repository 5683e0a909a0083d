package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.dcap.DcapClaimNames;
import dev.trustplane.evidence.dcap.DcapCollateral;
import dev.trustplane.evidence.dcap.DcapQuote;
import dev.trustplane.evidence.dcap.PckExtensions;
import dev.trustplane.evidence.dcap.SgxReportBody;
import dev.trustplane.evidence.dcap.TcbEvaluation;
import dev.trustplane.evidence.dcap.TdReportBody;
import dev.trustplane.evidence.internal.CryptoProviders;
import dev.trustplane.evidence.internal.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Claims of a DCAP appraisal.
 *
 * <p>TDX quotes get the names of MAA's TDX EAT profile ({@code tdx_mrtd}, {@code tdx_rtmr0}…,
 * {@code attester_tcb_status}, {@code dbgstat}, …); SGX quotes the names MAA's SgxEnclave tokens
 * use ({@code x-ms-sgx-mrenclave}, …, {@code x-ms-sgx-collateral} with the SHA-256 of every
 * collateral item the verdict used). Byte fields are lower-case hex. Facts MAA has no name for go
 * under {@code dcap-} (the same split as the SNP claims), so the attestation service can map or drop
 * them without colliding with Microsoft's namespace.
 */
public final class DcapClaims {
    /** MAA's attestation type of TDX VMs. */
    public static final String TDX_TYPE = DcapClaimNames.TDX_TYPE;
    /** MAA's attestation type of SGX enclaves. */
    public static final String SGX_TYPE = DcapClaimNames.SGX_TYPE;
    /** Type reported before a quote is parsed. */
    public static final String UNKNOWN_TYPE = "dcap";
    private static final String RAW = "dcap-";
    private static final List<String> RTMRS = List.of("tdx_rtmr0", "tdx_rtmr1", "tdx_rtmr2", "tdx_rtmr3");

    private DcapClaims() {}

    public static String type(DcapQuote quote) {
        return quote.isTdx() ? TDX_TYPE : SGX_TYPE;
    }

    public static Map<String, Object> of(DcapQuote q, Optional<PckExtensions> pck, TcbEvaluation tcb,
            DcapCollateral collateral, TrustProfile.Kind profile) {
        // Sized for the ~50 claims of a TDX quote so that filling it never rehashes.
        Map<String, Object> c = LinkedHashMap.newLinkedHashMap(64);
        c.put("x-ms-attestation-type", type(q));
        q.td().ifPresent(td -> tdx(td, tcb, c));
        q.enclave().ifPresent(e -> sgx(q, e, pck, collateral, c));
        c.put(RAW + "trust-profile", profile.name().toLowerCase(Locale.ROOT));
        c.put(RAW + "quote-version", q.version());
        tcb.status().ifPresent(s -> c.put(DcapClaimNames.TCB_STATUS, s.intelName()));
        c.put(DcapClaimNames.ADVISORY_IDS, List.copyOf(tcb.advisoryIds()));
        tcb.platformStatus().ifPresent(s -> c.put(RAW + "platform-tcb-status", s.intelName()));
        tcb.tdxModuleStatus().ifPresent(s -> c.put(RAW + "tdx-module-tcb-status", s.intelName()));
        tcb.qeStatus().ifPresent(s -> c.put(RAW + "qe-tcb-status", s.intelName()));
        tcb.tcbDate().ifPresent(d -> c.put(RAW + "tcb-date", d.toString()));
        pck.ifPresent(p -> {
            c.put(RAW + "fmspc", Hex.encode(p.fmspc()));
            c.put(RAW + "pce-id", Hex.encode(p.pceId()));
            c.put(RAW + "pce-svn", p.pceSvn());
            c.put(RAW + "cpu-svn", Hex.encode(p.cpuSvn()));
            c.put(RAW + "sgx-type", p.sgxType());
        });
        c.put(RAW + "qe-svn", q.qe().qeReport().isvSvn());
        c.put(RAW + "qe-mrsigner", Hex.encode(q.qe().qeReport().mrSigner()));
        c.put(RAW + "trailing-bytes", q.trailingBytes());
        return c;
    }

    private static void tdx(TdReportBody td, TcbEvaluation tcb, Map<String, Object> c) {
        c.put("tdx_mrtd", Hex.encode(td.mrTd()));
        for (int i = 0; i < RTMRS.size(); i++) {
            c.put(RTMRS.get(i), Hex.encode(td.rtmrs().get(i)));
        }
        c.put("tdx_mrseam", Hex.encode(td.mrSeam()));
        c.put("tdx_mrsignerseam", Hex.encode(td.mrSignerSeam()));
        c.put("tdx_mrconfigid", Hex.encode(td.mrConfigId()));
        c.put("tdx_mrowner", Hex.encode(td.mrOwner()));
        c.put("tdx_mrownerconfig", Hex.encode(td.mrOwnerConfig()));
        c.put(DcapClaimNames.TDX_REPORT_DATA, Hex.encode(td.reportData()));
        // SEAM SVN: TEE_TCB_SVN bytes 0 (module SVN) and 1 (module major version), little-endian.
        c.put("tdx_seamsvn", (td.teeTcbSvn()[0] & 0xFF) | (td.teeTcbSvn()[1] & 0xFF) << 8);
        c.put("tdx_tee_tcb_svn", Hex.encode(td.teeTcbSvn()));
        c.put("tdx_seam_attributes", Hex.encode(td.seamAttributes()));
        long attributes = td.tdAttributesValue();
        c.put("tdx_td_attributes", Hex.encode(td.tdAttributes()));
        c.put("tdx_td_attributes_debug", (attributes & TdReportBody.TD_DEBUG) != 0);
        c.put("tdx_td_attributes_septve_disable", (attributes & TdReportBody.TD_SEPT_VE_DISABLE) != 0);
        c.put("tdx_td_attributes_protection_keys", (attributes & TdReportBody.TD_PKS) != 0);
        c.put("tdx_td_attributes_key_locker", (attributes & TdReportBody.TD_KL) != 0);
        c.put("tdx_td_attributes_perfmon", (attributes & TdReportBody.TD_PERFMON) != 0);
        c.put("tdx_xfam", Hex.encode(td.xfam()));
        td.teeTcbSvn2().ifPresent(v -> c.put("tdx_tee_tcb_svn2", Hex.encode(v)));
        td.mrServiceTd().ifPresent(v -> c.put("tdx_mrservicetd", Hex.encode(v)));
        tcb.status().ifPresent(s -> c.put(DcapClaimNames.TDX_TCB_STATUS, s.intelName()));
        c.put("attester_advisory_ids", List.copyOf(tcb.advisoryIds()));
        c.put("dbgstat", td.debug() ? "enabled" : "disabled");
    }

    private static void sgx(DcapQuote q, SgxReportBody e, Optional<PckExtensions> pck, DcapCollateral collateral,
            Map<String, Object> c) {
        c.put("x-ms-sgx-is-debuggable", e.debug());
        c.put("x-ms-sgx-mrenclave", Hex.encode(e.mrEnclave()));
        c.put("x-ms-sgx-mrsigner", Hex.encode(e.mrSigner()));
        c.put("x-ms-sgx-product-id", e.isvProdId());
        c.put("x-ms-sgx-svn", e.isvSvn());
        c.put(DcapClaimNames.SGX_REPORT_DATA, Hex.encode(e.reportData()));
        c.put("x-ms-sgx-config-id", Hex.encode(e.configId()));
        c.put("x-ms-sgx-config-svn", e.configSvn());
        c.put("x-ms-sgx-isv-extended-product-id", Hex.encode(e.isvExtProdId()));
        c.put("x-ms-sgx-isv-family-id", Hex.encode(e.isvFamilyId()));
        c.put("x-ms-sgx-cpu-svn", Hex.encode(e.cpuSvn()));
        c.put("x-ms-sgx-attributes", Hex.encode(e.attributes()));
        c.put("x-ms-sgx-miscselect", (int) e.miscSelect());
        c.put("x-ms-sgx-collateral", collateralHashes(q, pck, collateral));
    }

    /**
     * Which collateral the verdict used, as MAA records it: SHA-256 (hex) of each item — the signed
     * header and body plus signature ({@code quotehash}), the signed QE Identity and TCB Info bodies,
     * the Root CA CRL.
     */
    private static Map<String, Object> collateralHashes(DcapQuote q, Optional<PckExtensions> pck,
            DcapCollateral collateral) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("quotehash", sha256(concat(q.signedData(), q.signature())));
        collateral.qeIdentity("QE").ifPresent(i -> h.put("qeidhash", sha256(i.signed().body())));
        pck.flatMap(p -> collateral.tcbInfo("SGX", Hex.encode(p.fmspc())))
                .ifPresent(t -> h.put("tcbinfohash", sha256(t.signed().body())));
        collateral.crlsIssuedBy("Intel SGX Root CA").stream().findFirst()
                .ifPresent(crl -> h.put("qeidcrlhash", sha256(encoded(crl))));
        return h;
    }

    private static byte[] encoded(java.security.cert.X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            return new byte[0];
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            MessageDigest d = CryptoProviders.sha256();
            return Hex.encode(d.digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
