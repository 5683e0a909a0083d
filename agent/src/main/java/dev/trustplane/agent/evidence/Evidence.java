package dev.trustplane.agent.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Attestation evidence as collected inside the workload, in the parts the attestation API takes
 * ({@link AttestRequestBodies} turns each into its request body). Immutable; arrays are copied in and out.
 */
public sealed interface Evidence {

    /** The TEE the evidence comes from. */
    Tee tee();

    /** Where it was collected, e.g. {@code configfs-tsm (sev_guest)}, {@code /dev/sev-guest}, {@code simulator}. */
    String source();

    /**
     * An AMD SEV-SNP attestation report with the certificates the host supplied.
     *
     * @param report the 1184-byte ATTESTATION_REPORT
     * @param certificates the host's certificate table (GHCB extended report / configfs {@code auxblob}), if any
     * @param source where it was collected
     */
    record Snp(byte[] report, Optional<SnpCertificateTable> certificates, String source) implements Evidence {
        /** Report size for every report version (0x4A0). */
        public static final int REPORT_SIZE = 1184;

        public Snp {
            if (report.length != REPORT_SIZE) {
                throw new IllegalArgumentException("an SNP report is " + REPORT_SIZE + " bytes, got " + report.length);
            }
            report = report.clone();
            Objects.requireNonNull(certificates, "certificates");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public byte[] report() {
            return report.clone();
        }

        @Override
        public Tee tee() {
            return Tee.SNP;
        }
    }

    /**
     * An Intel TDX quote (DCAP v4/v5, or a CBOR Web Token on DICE platforms), exactly as the quoting service
     * returned it.
     */
    record Tdx(byte[] quote, String source) implements Evidence {
        public Tdx {
            quote = quote.clone();
            Objects.requireNonNull(source, "source");
        }

        @Override
        public byte[] quote() {
            return quote.clone();
        }

        @Override
        public Tee tee() {
            return Tee.TDX;
        }
    }

    /**
     * Azure confidential VM evidence: the paravisor's HCL report and a vTPM quote by the HCL attestation key.
     *
     * @param hclReport the HCL report read from NV index 0x01400001 (its runtime data carries the user data)
     * @param quoteMessage the TPMS_ATTEST the AK signed (extraData = {@code nonce})
     * @param quoteSignature the TPMT_SIGNATURE as the TPM returned it
     * @param rawSignature the signature bytes alone (RSA: the 256-byte PKCS#1 v1.5 value), what the verifier takes
     * @param pcrs the SHA-256 PCR bank, PCR 0 first (24 values of 32 bytes) that the quote covers
     * @param nonce the quote's qualifying data
     * @param source where it was collected
     * @param vcekCertChain for an SNP-based CVM, the PEM VCEK, ASK and ARK that endorse the HCL report's SNP
     *     report, when the agent fetched them ({@link ThimVcekChain}); the verifier checks them
     */
    record AzureCvm(byte[] hclReport, byte[] quoteMessage, byte[] quoteSignature, byte[] rawSignature,
            List<byte[]> pcrs, byte[] nonce, String source, Optional<String> vcekCertChain) implements Evidence {
        /** Evidence without a VCEK chain (TDX-based CVMs, or the verifier holds the collateral). */
        public AzureCvm(byte[] hclReport, byte[] quoteMessage, byte[] quoteSignature, byte[] rawSignature,
                List<byte[]> pcrs, byte[] nonce, String source) {
            this(hclReport, quoteMessage, quoteSignature, rawSignature, pcrs, nonce, source, Optional.empty());
        }

        /** The same evidence endorsed by {@code pem} (VCEK, ASK, ARK). */
        public AzureCvm withVcekCertChain(String pem) {
            return new AzureCvm(hclReport, quoteMessage, quoteSignature, rawSignature, pcrs, nonce, source,
                    Optional.of(pem));
        }

        public AzureCvm {
            hclReport = hclReport.clone();
            quoteMessage = quoteMessage.clone();
            quoteSignature = quoteSignature.clone();
            rawSignature = rawSignature.clone();
            if (pcrs.size() != 24 || pcrs.stream().anyMatch(p -> p.length != 32)) {
                throw new IllegalArgumentException("24 SHA-256 PCR values of 32 bytes are required");
            }
            pcrs = pcrs.stream().map(byte[]::clone).toList();
            nonce = nonce.clone();
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(vcekCertChain, "vcekCertChain");
        }

        @Override
        public byte[] hclReport() {
            return hclReport.clone();
        }

        @Override
        public byte[] quoteMessage() {
            return quoteMessage.clone();
        }

        @Override
        public byte[] quoteSignature() {
            return quoteSignature.clone();
        }

        @Override
        public byte[] rawSignature() {
            return rawSignature.clone();
        }

        @Override
        public List<byte[]> pcrs() {
            return pcrs.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public Tee tee() {
            return Tee.AZURE_CVM;
        }
    }
}
