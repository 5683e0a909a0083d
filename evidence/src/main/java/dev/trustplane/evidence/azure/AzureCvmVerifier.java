package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.CheckOutcome;
import dev.trustplane.evidence.tpm.QuoteVerification;
import dev.trustplane.evidence.tpm.QuoteVerifier;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Appraises the Azure-specific part of CVM evidence. The trust chain is:
 * hardware report (SNP/TDX, verified elsewhere) → REPORT_DATA = H(runtime data bytes) → HCLAkPub
 * inside the runtime data → vTPM quote signed by HCLAkPub → PCRs and nonce (extraData).
 *
 * <p>This class checks the middle links: the runtime-data binding, the quote with HCLAkPub
 * (pinned RSASSA/SHA-256 for the RSA AK), the PCR digest, extraData == nonce and, for trustee
 * v2 evidence, that user-data carries the nonce. It deliberately does not verify the hardware
 * report's signature or certificate chain: until that is done by the SNP/TDX verifier, nothing
 * here is anchored in hardware. Never throws for bad evidence.
 */
public final class AzureCvmVerifier {

    private AzureCvmVerifier() {}

    /** @param expectedNonce value the quote's extraData must equal, or {@code null} to skip nonce checks */
    public static AzureVerification verify(AzureCvmEvidence evidence, byte[] expectedNonce) {
        HclReport hcl = evidence.hclReport();
        AttestationKey ak = hcl.runtimeData().akPub();
        List<CheckOutcome<AzureCheck, AzureFailure>> out = new ArrayList<>();
        out.add(checkBinding(hcl));
        out.add(checkSuppliedAk(evidence.suppliedAk(), ak));
        QuoteVerification quote = QuoteVerifier.verify(evidence.quote().attest(), evidence.quote().signature(), ak,
                evidence.quote().pcrs(), expectedNonce);
        out.add(quote.verified()
                ? CheckOutcome.passed(AzureCheck.VTPM_QUOTE, "vTPM quote verifies with HCLAkPub")
                : CheckOutcome.failed(AzureCheck.VTPM_QUOTE, AzureFailure.VTPM_QUOTE_INVALID,
                        "vTPM quote failed: " + quote.failures()));
        out.add(checkUserData(evidence.formatVersion(), hcl.runtimeData().userData(), expectedNonce));
        return new AzureVerification(out, quote);
    }

    static CheckOutcome<AzureCheck, AzureFailure> checkBinding(HclReport hcl) {
        byte[] hash = hcl.reportDataHash().digest(hcl.runtimeData().bytes());
        byte[] reportData = hcl.reportData();
        byte[] prefix = Arrays.copyOf(reportData, hash.length);
        if (!MessageDigest.isEqual(hash, prefix)) {
            return CheckOutcome.failed(AzureCheck.RUNTIME_DATA_BINDING, AzureFailure.RUNTIME_DATA_HASH_MISMATCH,
                    hcl.reportDataHash() + "(runtime data) differs from " + hcl.hardwareReportType() + " report data");
        }
        if (!allZero(Arrays.copyOfRange(reportData, hash.length, reportData.length))) {
            return CheckOutcome.failed(AzureCheck.RUNTIME_DATA_BINDING, AzureFailure.REPORT_DATA_TAIL_NOT_ZERO,
                    "report data after the runtime-data hash is not zero");
        }
        return CheckOutcome.passed(AzureCheck.RUNTIME_DATA_BINDING,
                hcl.reportDataHash() + "(runtime data) equals " + hcl.hardwareReportType() + " report data");
    }

    private static CheckOutcome<AzureCheck, AzureFailure> checkSuppliedAk(Optional<AttestationKey> supplied,
            AttestationKey hclAk) {
        if (supplied.isEmpty()) {
            return CheckOutcome.skipped(AzureCheck.SUPPLIED_AK_MATCHES, "no separate AK supplied");
        }
        if (!MessageDigest.isEqual(supplied.get().publicKey().getEncoded(), hclAk.publicKey().getEncoded())) {
            return CheckOutcome.failed(AzureCheck.SUPPLIED_AK_MATCHES, AzureFailure.AK_MISMATCH,
                    "supplied AK is not HCLAkPub");
        }
        return CheckOutcome.passed(AzureCheck.SUPPLIED_AK_MATCHES, "supplied AK equals HCLAkPub");
    }

    private static CheckOutcome<AzureCheck, AzureFailure> checkUserData(int version, Optional<byte[]> userData,
            byte[] nonce) {
        if (nonce == null || version < 2) {
            return CheckOutcome.skipped(AzureCheck.USER_DATA_NONCE,
                    nonce == null ? "no nonce expected" : "evidence v" + version + " does not carry the nonce in user-data");
        }
        if (userData.isEmpty() || userData.get().length < nonce.length) {
            return CheckOutcome.failed(AzureCheck.USER_DATA_NONCE, AzureFailure.USER_DATA_NONCE_MISMATCH,
                    "user-data absent or shorter than the nonce");
        }
        byte[] data = userData.get();
        boolean ok = MessageDigest.isEqual(Arrays.copyOf(data, nonce.length), nonce)
                && allZero(Arrays.copyOfRange(data, nonce.length, data.length));
        return ok ? CheckOutcome.passed(AzureCheck.USER_DATA_NONCE, "user-data carries the nonce")
                : CheckOutcome.failed(AzureCheck.USER_DATA_NONCE, AzureFailure.USER_DATA_NONCE_MISMATCH,
                        "user-data does not carry the nonce");
    }

    private static boolean allZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }
}
