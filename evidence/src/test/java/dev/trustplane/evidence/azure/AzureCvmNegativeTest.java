package dev.trustplane.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.PcrValues;
import dev.trustplane.evidence.tpm.QuoteCheck;
import dev.trustplane.evidence.tpm.QuoteFailure;
import dev.trustplane.evidence.tpm.SharedVectors;
import dev.trustplane.evidence.tpm.TpmHash;
import dev.trustplane.evidence.tpm.TpmSignature;
import dev.trustplane.evidence.tpm.TpmsAttest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single-bit tampering of the SNP Milan vector, each detected with its precise code. */
class AzureCvmNegativeTest {

    private static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

    private byte[] hcl;
    private byte[] attest;
    private byte[] signature;
    private List<byte[]> pcrs;

    @BeforeEach
    void load() throws Exception {
        hcl = SharedVectors.read("azure-cvm/snp-milan-hcl-report.bin");
        VtpmQuote q = VtpmQuote.fromBincode(SharedVectors.read("azure-cvm/snp-milan-vtpm-quote.bincode"));
        attest = q.attest().raw();
        signature = q.signature().bytes();
        pcrs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pcrs.add(q.pcrs().get(TpmHash.SHA256, i).orElseThrow());
        }
    }

    private AzureVerification verify(byte[] nonce) throws Exception {
        return AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(HclReport.parse(hcl),
                VtpmQuote.of(attest, signature, pcrs), Optional.empty()), nonce);
    }

    @Test
    void untampered_evidence_verifies() throws Exception {
        assertThat(verify(CHALLENGE).verified()).isTrue();
    }

    @Test
    void flipped_bit_in_quote_signature_is_SIGNATURE_INVALID() throws Exception {
        signature[100] ^= 0x01;
        AzureVerification v = verify(CHALLENGE);
        assertThat(v.failureCodes()).containsExactly(AzureFailure.VTPM_QUOTE_INVALID, QuoteFailure.SIGNATURE_INVALID);
        assertThat(v.verified()).isFalse();
    }

    @Test
    void flipped_bit_in_attest_clock_is_SIGNATURE_INVALID_only() throws Exception {
        int clockOffset = 4 + 2 + 2 + 34 + 2 + CHALLENGE.length; // magic, type, qualifiedSigner, extraData
        attest[clockOffset + 7] ^= 0x01;
        assertThat(verify(CHALLENGE).failureCodes())
                .containsExactly(AzureFailure.VTPM_QUOTE_INVALID, QuoteFailure.SIGNATURE_INVALID);
    }

    @Test
    void flipped_bit_in_quoted_pcrDigest_fails_signature_and_digest() throws Exception {
        attest[attest.length - 1] ^= 0x01;
        assertThat(verify(CHALLENGE).failureCodes()).containsExactly(AzureFailure.VTPM_QUOTE_INVALID,
                QuoteFailure.SIGNATURE_INVALID, QuoteFailure.PCR_DIGEST_MISMATCH);
    }

    @Test
    void flipped_bit_in_a_PCR_value_is_PCR_DIGEST_MISMATCH() throws Exception {
        pcrs.get(7)[0] ^= 0x01;
        AzureVerification v = verify(CHALLENGE);
        assertThat(v.failureCodes()).containsExactly(AzureFailure.VTPM_QUOTE_INVALID, QuoteFailure.PCR_DIGEST_MISMATCH);
        assertThat(v.quote().passed(QuoteCheck.SIGNATURE)).isTrue();
    }

    @Test
    void flipped_bit_in_runtime_data_is_RUNTIME_DATA_HASH_MISMATCH() throws Exception {
        int at = indexOf(hcl, "911B0EF8".getBytes(StandardCharsets.US_ASCII));
        hcl[at] ^= 0x01; // '9' -> '8': still valid JSON, different bytes
        AzureVerification v = verify(CHALLENGE);
        assertThat(v.failureCodes()).containsExactly(AzureFailure.RUNTIME_DATA_HASH_MISMATCH);
        assertThat(HclReport.parse(hcl).runtimeData().vmConfiguration().vmUniqueId()).startsWith("811B0EF8");
    }

    @Test
    void flipped_bit_in_SNP_REPORT_DATA_is_RUNTIME_DATA_HASH_MISMATCH() throws Exception {
        hcl[32 + 0x50 + 5] ^= 0x01;
        assertThat(verify(CHALLENGE).failureCodes()).containsExactly(AzureFailure.RUNTIME_DATA_HASH_MISMATCH);
    }

    @Test
    void nonzero_REPORT_DATA_tail_is_REPORT_DATA_TAIL_NOT_ZERO() throws Exception {
        hcl[32 + 0x50 + 40] ^= 0x01;
        assertThat(verify(CHALLENGE).failureCodes()).containsExactly(AzureFailure.REPORT_DATA_TAIL_NOT_ZERO);
    }

    @Test
    void wrong_nonce_is_NONCE_MISMATCH() throws Exception {
        byte[] wrong = CHALLENGE.clone();
        wrong[0] ^= 0x01;
        assertThat(verify(wrong).failureCodes()).containsExactly(AzureFailure.VTPM_QUOTE_INVALID, QuoteFailure.NONCE_MISMATCH);
    }

    @Test
    void wrong_nonce_in_v2_evidence_also_fails_user_data() throws Exception {
        AzureCvmEvidence ev = TrusteeEvidenceJson.parse(SharedVectors.read("azure-cvm/snp-milan-nonce-evidence-v2.json"));
        byte[] nonce = ev.quote().attest().extraData();
        nonce[47] ^= 0x01;
        assertThat(AzureCvmVerifier.verify(ev, nonce).failureCodes()).containsExactly(
                AzureFailure.VTPM_QUOTE_INVALID, AzureFailure.USER_DATA_NONCE_MISMATCH, QuoteFailure.NONCE_MISMATCH);
    }

    @Test
    void separately_supplied_AK_must_be_HCLAkPub() throws Exception {
        HclReport report = HclReport.parse(hcl);
        VtpmQuote quote = VtpmQuote.of(attest, signature, pcrs);
        AttestationKey same = AttestationKey.fromSpki(report.runtimeData().akPub().publicKey().getEncoded());
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        AttestationKey other = AttestationKey.of(gen.generateKeyPair().getPublic());

        assertThat(AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(report, quote, Optional.of(same)), CHALLENGE)
                .passed(AzureCheck.SUPPLIED_AK_MATCHES)).isTrue();
        assertThat(AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(report, quote, Optional.of(other)), CHALLENGE)
                .failureCodes()).containsExactly(AzureFailure.AK_MISMATCH);
    }

    @Test
    void quote_from_another_vm_does_not_verify_with_this_HCLAkPub() throws Exception {
        VtpmQuote tdxQuote = VtpmQuote.fromBincode(SharedVectors.read("azure-cvm/tdx-vtpm-quote.bincode"));
        AzureVerification v = AzureCvmVerifier.verify(
                AzureCvmEvidence.fromParts(HclReport.parse(hcl), tdxQuote, Optional.empty()), CHALLENGE);
        assertThat(v.failureCodes()).containsExactly(AzureFailure.VTPM_QUOTE_INVALID, QuoteFailure.SIGNATURE_INVALID);
    }

    @Test
    void TPMT_SIGNATURE_naming_a_weaker_hash_is_refused_without_verifying() throws Exception {
        byte[] tpmt = new byte[6 + signature.length];
        // TPMT_SIGNATURE header: RSASSA (0x0014), SHA-1 (0x0004), size 256
        System.arraycopy(HexFormat.of().parseHex("001400040100"), 0, tpmt, 0, 6);
        System.arraycopy(signature, 0, tpmt, 6, signature.length);
        HclReport report = HclReport.parse(hcl);
        VtpmQuote weak = new VtpmQuote(TpmsAttest.parse(attest), TpmSignature.parse(tpmt),
                PcrValues.ofBank(TpmHash.SHA256, pcrs));
        AzureVerification v = AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(report, weak, Optional.empty()), CHALLENGE);
        // the PCR digest is recomputed with the pinned SHA-256, so it still matches
        assertThat(v.quote().failures()).containsExactly(QuoteFailure.SIGNATURE_ALGORITHM_NOT_PINNED,
                QuoteFailure.SIGNATURE_INVALID);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
