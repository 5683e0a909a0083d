package dev.trustplane.evidence.dcap;

/**
 * What vouches for a quote's attestation key: the Quoting Enclave's report (whose REPORTDATA binds the
 * key), the QE report's signature by the PCK key, the QE authentication data, and the certification
 * data that identifies the PCK key (type 5: the PEM PCK certificate chain).
 *
 * @param qeReport the QE report body
 * @param qeReportSignature raw r‖s (64 bytes, big-endian) by the PCK key over {@code qeReport.raw()}
 * @param authData the QE authentication data
 * @param certificationDataType the inner certification data type (5 = PCK chain)
 * @param certificationData the inner certification data
 */
public record QeCertificationData(
        SgxReportBody qeReport,
        byte[] qeReportSignature,
        byte[] authData,
        int certificationDataType,
        byte[] certificationData) {
    /** Certification data type: the PCK leaf, intermediate and root certificates, concatenated PEM. */
    public static final int PCK_CERT_CHAIN = 5;
    /** Certification data type (v4/v5 outer layer): QE report certification data wrapping the above. */
    public static final int QE_REPORT_CERTIFICATION = 6;
}
