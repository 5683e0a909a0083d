package dev.trustplane.evidence.appraisal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.tpm.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage, truncated and mixed-up input: always a MALFORMED (or precise) verdict, never an exception. */
class BadInputTest {
    private static final EvidenceAppraiser AUTO = new EvidenceAppraiser(Inputs.options());

    private static AppraisalResult auto(byte[]... inputs) {
        return AUTO.appraise(List.of(inputs));
    }

    private static void assertMalformed(AppraisalResult r, String detailPart) {
        assertThat(r.genuine()).isFalse();
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.MALFORMED);
        assertThat(r.reasons().getFirst().detail()).contains(detailPart);
    }

    @Test
    void nothing_garbage_empty_and_foreign_json_cannot_be_told() {
        assertMalformed(AUTO.appraise(List.of()), "no evidence given");
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        assertMalformed(auto(garbage), "cannot tell the evidence type of input 1");
        assertMalformed(auto(new byte[0]), "cannot tell the evidence type");
        assertMalformed(auto("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8)), "JSON");
        assertMalformed(auto("{\"tpm_quote\": ".getBytes(StandardCharsets.UTF_8)), "JSON");
        assertThat(auto(garbage).evidenceType()).isEqualTo(EvidenceAppraiser.UNKNOWN_TYPE);
    }

    @Test
    void with_a_type_given_the_error_names_the_field_that_failed() {
        byte[] shortReport = new byte[1000];
        shortReport[0] = 3;
        AppraisalResult snp = new EvidenceAppraiser(Inputs.options().withType(EvidenceType.SNP)).appraise(List.of(shortReport));
        assertMalformed(snp, "input 1");
        assertThat(snp.evidenceType()).isEqualTo("sevsnpvm");

        AppraisalResult azure = new EvidenceAppraiser(Inputs.options().withType(EvidenceType.AZURE_CVM))
                .appraise(List.of("{\"report\": [1,2,".getBytes(StandardCharsets.UTF_8)));
        assertMalformed(azure, "not valid JSON");

        AppraisalResult tpm = new EvidenceAppraiser(Inputs.options().withType(EvidenceType.TPM))
                .appraise(List.of(new byte[] {(byte) 0xFF, 'T', 'C'}));
        assertMalformed(tpm, "TPMS_ATTEST");
    }

    @Test
    void snp_report_of_an_unknown_version_is_UNSUPPORTED_VERSION() {
        byte[] v4 = new byte[0x4A0];
        v4[0] = 4;
        v4[0x34] = 1;
        AppraisalResult r = auto(v4);
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.UNSUPPORTED_VERSION);
    }

    @Test
    void hcl_report_truncated_after_its_magic_names_the_field() {
        byte[] hcl = Arrays.copyOf("HCLA".getBytes(StandardCharsets.US_ASCII), 40);
        hcl[4] = 2;
        AppraisalResult r = auto(hcl);
        assertThat(r.evidenceType()).isEqualTo("azure-cvm");
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.MALFORMED);
        assertThat(r.reasons().getFirst().detail()).startsWith("input 1: HclReport");
    }

    @Test
    void several_pieces_of_evidence_or_the_wrong_type_are_refused() {
        byte[] snp = SharedVectors.read("snp/milan-v3-ms.bin");
        byte[] tpm = SharedVectors.read("tpm/trustee-tpm-evidence.json");
        assertMalformed(auto(snp, tpm), "several pieces of evidence given (input 1, input 2)");
        assertMalformed(new EvidenceAppraiser(Inputs.options().withType(EvidenceType.TPM)).appraise(List.of(snp)),
                "input 1 is snp evidence, not tpm");
        assertMalformed(auto(SharedVectors.read("roots/amd-milan-ask-ark.pem")), "no input is evidence");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snp/milan-v3-ms.bin", "azure-cvm/snp-milan-hcl-report.bin", "azure-cvm/snp-genoa-evidence.json",
        "azure-cvm/snp-milan-nonce-evidence-v2.json", "tpm/trustee-tpm-evidence.json", "tpm/gcp-windows-shielded-vm-goattest.json"})
    void every_truncation_and_bit_flip_of_a_vector_yields_a_verdict_never_an_exception(String vector) {
        byte[] full = SharedVectors.read(vector);
        int step = Math.max(1, full.length / 150);
        for (int len = 0; len < full.length; len += step) {
            AppraisalResult r = auto(Arrays.copyOf(full, len));
            assertThat(r.genuine()).as("%s truncated to %d", vector, len).isFalse();
            assertThat(r.reasons()).as("%s truncated to %d", vector, len).isNotEmpty();
        }
        Random random = new Random(vector.hashCode());
        for (int i = 0; i < 100; i++) {
            byte[] flipped = full.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            assertThat(auto(flipped)).isNotNull();
        }
    }
}
