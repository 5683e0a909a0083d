package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.internal.QuoteReader;
import java.util.Arrays;
import java.util.Optional;

/**
 * An Intel DCAP ECDSA quote: SGX v3, SGX or TDX v4, and v5 (SGX, TD 1.0 or TD 1.5 body).
 *
 * <p>Layout (all little-endian): a 48-byte header (version, attestation key type, TEE type, QE/PCE SVN,
 * QE vendor ID, user data); the report body (v5 first names its type and size); then
 * {@code u32 signature_data_len} and the signature data: quote signature (raw r‖s), attestation key
 * (raw x‖y), and the QE certification data — in v3 directly, in v4/v5 wrapped in certification data
 * type 6. Bytes after the declared signature data are tolerated (real quotes carry padding) and only
 * counted: they are covered by no signature. Parsing checks structure only; {@link DcapVerifier}
 * checks signatures and collateral. Arrays are the parser's own copies: treat them as read-only.
 *
 * @param version 3, 4 or 5
 * @param attestationKeyType 2 (ECDSA P-256)
 * @param teeType {@link #TEE_SGX} or {@link #TEE_TDX}
 * @param qeSvn header bytes 8..9 (v3 QE SVN; reserved in v4/v5)
 * @param pceSvn header bytes 10..11 (v3 PCE SVN; reserved in v4/v5)
 * @param qeVendorId 16 bytes; Intel's is {@link #INTEL_QE_VENDOR_ID}
 * @param userData 20 bytes
 * @param bodyType 1 SGX, 2 TD 1.0, 3 TD 1.5 (v3/v4 implied by the TEE type)
 * @param enclave the SGX report body (SGX quotes)
 * @param td the TD report body (TDX quotes)
 * @param signedData header and body as signed by the attestation key
 * @param signature raw r‖s over {@code signedData}
 * @param attestationKey raw x‖y of the P-256 attestation key
 * @param qe the QE certification data
 * @param trailingBytes bytes after the declared signature data
 */
public record DcapQuote(
        int version,
        int attestationKeyType,
        long teeType,
        int qeSvn,
        int pceSvn,
        byte[] qeVendorId,
        byte[] userData,
        int bodyType,
        Optional<SgxReportBody> enclave,
        Optional<TdReportBody> td,
        byte[] signedData,
        byte[] signature,
        byte[] attestationKey,
        QeCertificationData qe,
        int trailingBytes) {
    /** TEE type of SGX quotes. */
    public static final long TEE_SGX = 0;
    /** TEE type of TDX quotes. */
    public static final long TEE_TDX = 0x81;
    /** Attestation key type ECDSA-256-with-P-256 (the only one in use). */
    public static final int ECDSA_P256 = 2;
    /** Intel's QE vendor ID. */
    public static final byte[] INTEL_QE_VENDOR_ID = java.util.HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    /** Header size. */
    public static final int HEADER_SIZE = 48;
    /** Largest quote accepted (real quotes are about 5 KB; PCK chains are bounded). */
    public static final int MAX_SIZE = 64 * 1024;

    /** Body type codes of v5 quotes. */
    public static final int BODY_SGX = 1;
    public static final int BODY_TD10 = 2;
    public static final int BODY_TD15 = 3;

    /** Whether this is a TDX quote. */
    public boolean isTdx() {
        return td.isPresent();
    }

    /** The PCK certificate chain PEM text when the certification data is type 5. */
    public Optional<String> pckChainPem() {
        if (qe.certificationDataType() != QeCertificationData.PCK_CERT_CHAIN) {
            return Optional.empty();
        }
        byte[] data = qe.certificationData();
        int n = data.length;
        while (n > 0 && data[n - 1] == 0) {
            n--; // the chain may end with a NUL terminator
        }
        return Optional.of(new String(data, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Parses a quote.
     *
     * @throws EvidenceFormatException {@code MALFORMED} naming the field and offset, or
     *     {@code UNSUPPORTED_VERSION} for versions, key types, TEE types, body types and certification
     *     data types this verifier does not implement
     */
    public static DcapQuote parse(byte[] bytes) throws EvidenceFormatException {
        if (bytes.length > MAX_SIZE) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "quote", 0,
                    bytes.length + " bytes is larger than the " + MAX_SIZE + "-byte limit");
        }
        QuoteReader r = new QuoteReader(bytes, 0, bytes.length);
        int version = r.u16("VERSION");
        if (version < 3 || version > 5) {
            throw unsupported("VERSION", 0, "quote version " + version + " not in {3, 4, 5}");
        }
        int keyType = r.u16("ATT_KEY_TYPE");
        if (keyType != ECDSA_P256) {
            throw unsupported("ATT_KEY_TYPE", 2, "attestation key type " + keyType + " (only 2, ECDSA P-256, is supported)");
        }
        long teeType = r.u32("TEE_TYPE");
        if (teeType != TEE_SGX && teeType != TEE_TDX || version == 3 && teeType != TEE_SGX) {
            throw unsupported("TEE_TYPE", 4, "TEE type 0x" + Long.toHexString(teeType) + " with quote version " + version);
        }
        int qeSvn = r.u16("QE_SVN");
        int pceSvn = r.u16("PCE_SVN");
        byte[] vendor = r.bytes("QE_VENDOR_ID", 16);
        byte[] userData = r.bytes("USER_DATA", 20);

        int bodyType;
        int bodySize;
        if (version == 5) {
            int at = r.position();
            bodyType = r.u16("BODY_TYPE");
            long declared = r.u32("BODY_SIZE");
            bodySize = switch (bodyType) {
                case BODY_SGX -> SgxReportBody.SIZE;
                case BODY_TD10 -> TdReportBody.SIZE_10;
                case BODY_TD15 -> TdReportBody.SIZE_15;
                default -> throw unsupported("BODY_TYPE", at, "body type " + bodyType + " not in {1, 2, 3}");
            };
            if (declared != bodySize) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, "BODY_SIZE", at + 2L,
                        "body type " + bodyType + " has " + bodySize + " bytes, not " + declared);
            }
            if ((bodyType == BODY_SGX) != (teeType == TEE_SGX)) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, "BODY_TYPE", at,
                        "body type " + bodyType + " does not fit TEE type 0x" + Long.toHexString(teeType));
            }
        } else {
            bodyType = teeType == TEE_SGX ? BODY_SGX : BODY_TD10;
            bodySize = teeType == TEE_SGX ? SgxReportBody.SIZE : TdReportBody.SIZE_10;
        }
        byte[] body = r.bytes("REPORT_BODY", bodySize);
        Optional<SgxReportBody> enclave = bodyType == BODY_SGX ? Optional.of(SgxReportBody.of(body)) : Optional.empty();
        Optional<TdReportBody> td = bodyType == BODY_SGX ? Optional.empty() : Optional.of(TdReportBody.of(body));
        byte[] signedData = Arrays.copyOf(bytes, r.position());

        int sigLen = r.size("SIGNATURE_DATA_LEN", r.u32("SIGNATURE_DATA_LEN"));
        int sigEnd = r.position() + sigLen;
        QuoteReader s = new QuoteReader(bytes, r.position(), sigEnd);
        byte[] signature = s.bytes("QUOTE_SIGNATURE", 64);
        byte[] key = s.bytes("ATTESTATION_KEY", 64);
        QeCertificationData qe;
        if (version == 3) {
            qe = qeCertification(s);
        } else {
            int at = s.position();
            int type = s.u16("CERTIFICATION_DATA_TYPE");
            int size = s.size("CERTIFICATION_DATA_SIZE", s.u32("CERTIFICATION_DATA_SIZE"));
            if (type != QeCertificationData.QE_REPORT_CERTIFICATION) {
                throw unsupported("CERTIFICATION_DATA_TYPE", at, "outer certification data type " + type
                        + " (quote v" + version + " wraps the QE report in type 6)");
            }
            qe = qeCertification(new QuoteReader(bytes, s.position(), s.position() + size));
        }
        return new DcapQuote(version, keyType, teeType, qeSvn, pceSvn, vendor, userData, bodyType, enclave, td,
                signedData, signature, key, qe, bytes.length - sigEnd);
    }

    private static QeCertificationData qeCertification(QuoteReader s) throws EvidenceFormatException {
        SgxReportBody qeReport = SgxReportBody.read(s, "QE_REPORT");
        byte[] qeSignature = s.bytes("QE_REPORT_SIGNATURE", 64);
        int authSize = s.u16("QE_AUTH_DATA_SIZE");
        byte[] auth = s.bytes("QE_AUTH_DATA", authSize);
        int typeAt = s.position();
        int type = s.u16("PCK_CERTIFICATION_DATA_TYPE");
        if (type < 1 || type > 7 || type == QeCertificationData.QE_REPORT_CERTIFICATION) {
            throw unsupported("PCK_CERTIFICATION_DATA_TYPE", typeAt, "certification data type " + type + " not in 1..5, 7");
        }
        int size = s.size("PCK_CERTIFICATION_DATA_SIZE", s.u32("PCK_CERTIFICATION_DATA_SIZE"));
        byte[] data = s.bytes("PCK_CERTIFICATION_DATA", size);
        return new QeCertificationData(qeReport, qeSignature, auth, type, data);
    }

    private static EvidenceFormatException unsupported(String field, long offset, String detail) {
        return new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, field, offset, detail);
    }
}
