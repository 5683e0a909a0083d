package dev.trustplane.evidence.appraisal;

import dev.trustplane.evidence.azure.VtpmQuote;
import dev.trustplane.evidence.snp.SnpCollateralLoader;
import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.TpmQuoteEvidence;
import dev.trustplane.evidence.tpm.TpmSignature;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one input is, told by content only (file names mean nothing). Cheap structural tests first
 * (length and version of an SNP report, the {@code HCLA} magic, TPM_GENERATED_VALUE), then JSON shape,
 * then trial parses of the small companions (certificates, keys, signatures). An input that is none of
 * these is {@link #UNKNOWN}.
 */
enum InputKind {
    SNP_REPORT(EvidenceType.SNP),
    HCL_REPORT(EvidenceType.AZURE_CVM),
    TRUSTEE_AZURE_JSON(EvidenceType.AZURE_CVM),
    TPM_JSON(EvidenceType.TPM),
    /** A bare TPMS_ATTEST: TPM evidence by itself, the vTPM quote beside an HCL report. */
    TPMS_ATTEST(EvidenceType.TPM),
    VTPM_BINCODE(null),
    /**
     * An Intel TDX quote (v4/v5, TEE type 0x81): TDX evidence by itself, the companion of a TDX-backed
     * HCL report beside one.
     */
    TD_QUOTE(EvidenceType.TDX),
    /** An Intel SGX quote (v3, or v4/v5 with TEE type 0) from Intel's QE. */
    SGX_QUOTE(EvidenceType.SGX),
    /** An Open Enclave remote report: a 16-byte header around an SGX quote. */
    OE_REPORT(EvidenceType.SGX),
    /** A TCG crypto-agile event log: the CC event log of a TD beside its quote. */
    EVENT_LOG(null),
    /** The ACPI CCEL table that locates a TD's CC event log. */
    CCEL_TABLE(null),
    /** Intel collateral JSON: TCB Info or QE Identity. */
    INTEL_COLLATERAL(null),
    TPMT_SIGNATURE(null),
    ATTESTATION_KEY(null),
    PCR_JSON(null),
    CERTIFICATES(null),
    UNKNOWN(null);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> BANKS = Set.of("sha1", "sha256", "sha384", "sha512");
    private static final int SNP_REPORT_SIZE = 0x4A0;

    private final EvidenceType evidenceType;

    InputKind(EvidenceType evidenceType) {
        this.evidenceType = evidenceType;
    }

    /** The evidence type this kind is primary evidence of, if it is evidence at all. */
    Optional<EvidenceType> evidenceType() {
        return Optional.ofNullable(evidenceType);
    }

    static InputKind of(byte[] b) {
        if (b.length == SNP_REPORT_SIZE && looksLikeSnp(b)) {
            return SNP_REPORT;
        }
        if (b.length >= 4 && b[0] == 'H' && b[1] == 'C' && b[2] == 'L' && b[3] == 'A') {
            return HCL_REPORT;
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && b[1] == 'T' && b[2] == 'C' && b[3] == 'G') {
            return TPMS_ATTEST;
        }
        if (looksLikeTdQuote(b)) {
            return TD_QUOTE;
        }
        if (looksLikeSgxQuote(b)) {
            return SGX_QUOTE;
        }
        if (dev.trustplane.evidence.dcap.OpenEnclaveReport.looksLike(b)) {
            return OE_REPORT;
        }
        if (dev.trustplane.evidence.dcap.CcEventLog.looksLike(b)) {
            return EVENT_LOG;
        }
        if (dev.trustplane.evidence.dcap.CcelTable.looksLike(b)) {
            return CCEL_TABLE;
        }
        Optional<JsonNode> json = json(b);
        if (json.isPresent()) {
            return ofJson(json.get());
        }
        if (!new SnpCollateralLoader().addBytes(b).certificates().isEmpty()
                || !new SnpCollateralLoader().addBytes(b).crls().isEmpty()) {
            return CERTIFICATES;
        }
        if (parses(() -> VtpmQuote.fromBincode(b))) {
            return VTPM_BINCODE;
        }
        if (parses(() -> TpmSignature.parse(b))) {
            return TPMT_SIGNATURE;
        }
        return key(b).isPresent() ? ATTESTATION_KEY : UNKNOWN;
    }

    /** Version 2, 3 or 5 (LE u32 at 0), or any version with SIGNATURE_ALGO 1 (so v4 gets UNSUPPORTED_VERSION). */
    private static boolean looksLikeSnp(byte[] b) {
        int version = u32(b, 0);
        return version == 2 || version == 3 || version == 5 || (version > 0 && version < 16 && u32(b, 0x34) == 1);
    }

    /** Quote header: version 4 or 5 (LE u16), attestation key type 2, TEE type 0x81 (TDX). */
    private static boolean looksLikeTdQuote(byte[] b) {
        if (b.length < 1020) {
            return false;
        }
        int version = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        int keyType = (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
        return (version == 4 || version == 5) && keyType == 2 && u32(b, 4) == 0x81;
    }

    /** Quote header: version 3, 4 or 5, attestation key type 2, TEE type 0 (SGX), Intel's QE vendor ID. */
    private static boolean looksLikeSgxQuote(byte[] b) {
        if (b.length < 1020) {
            return false;
        }
        int version = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        int keyType = (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
        return version >= 3 && version <= 5 && keyType == 2 && u32(b, 4) == 0
                && java.util.Arrays.equals(b, 12, 28, dev.trustplane.evidence.dcap.DcapQuote.INTEL_QE_VENDOR_ID, 0, 16);
    }

    private static InputKind ofJson(JsonNode root) {
        if (!root.isObject()) {
            return UNKNOWN;
        }
        if ((root.has("tcbInfo") || root.has("enclaveIdentity")) && root.has("signature")) {
            return INTEL_COLLATERAL;
        }
        if ((root.has("hcl_report") || root.has("report")) && (root.has("tpm_quote") || root.has("quote"))) {
            return TRUSTEE_AZURE_JSON;
        }
        if (TpmQuoteEvidence.isTpmJson(root)) {
            return TPM_JSON;
        }
        if (root.has("kty")) {
            return ATTESTATION_KEY;
        }
        boolean banks = !root.isEmpty();
        for (String name : root.propertyNames()) {
            banks &= BANKS.contains(name);
        }
        return banks ? PCR_JSON : UNKNOWN;
    }

    /** The attestation key in {@code b}: PEM, DER SPKI, TPM2B_PUBLIC, TPMT_PUBLIC or JWK. */
    static Optional<AttestationKey> key(byte[] b) {
        String text = new String(b, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                return Optional.of(AttestationKey.fromPem(text));
            }
            if (json(b).isPresent()) {
                return Optional.of(AttestationKey.fromJwk(text));
            }
        } catch (Exception e) {
            return Optional.empty();
        }
        for (KeyParser p : new KeyParser[] {AttestationKey::fromSpki, AttestationKey::fromTpm2bPublic,
                AttestationKey::fromTpmtPublic}) {
            try {
                return Optional.of(p.parse(b));
            } catch (Exception e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    static Optional<JsonNode> json(byte[] b) {
        int i = 0;
        while (i < b.length && Character.isWhitespace(b[i])) {
            i++;
        }
        if (i == b.length || b[i] != '{') {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(b));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private interface KeyParser {
        AttestationKey parse(byte[] b) throws Exception;
    }

    private interface Parse {
        Object run() throws Exception;
    }

    private static boolean parses(Parse p) {
        try {
            p.run();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
