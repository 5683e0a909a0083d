package dev.trustplane.evidence.snp;

import static dev.trustplane.evidence.ReasonCode.HWID_MISMATCH;
import static dev.trustplane.evidence.ReasonCode.SIGNATURE_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.internal.Hex;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The SNP reports embedded in the manifest's Azure CVM vectors (bytes 32..1215 of each HCL report)
 * verify with the VCEKs shipped beside them; the kinvolk pairing is the manifest's wrong-VCEK negative.
 * Only the SNP part is checked here; HCL/vTPM binding belongs to the Azure verifier.
 */
class SnpAzureEmbeddedVectorsTest {
    private static final SnpVerifier VERIFIER =
            SnpVerifier.production(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] embedded(byte[] hcl) {
        return Arrays.copyOfRange(hcl, 32, 32 + 0x4A0);
    }

    private static void assertGenuine(byte[] report, SnpCollateral c, int version, String chipPrefix,
            String measurement) throws Exception {
        AppraisalResult r = VERIFIER.verify(report, c);
        assertThat(r.reasons()).isEmpty();
        SnpReport parsed = SnpReport.parse(report);
        assertThat(parsed.version()).isEqualTo(version);
        assertThat(Hex.encode(parsed.chipId())).startsWith(chipPrefix);
        assertThat(r.claims()).containsEntry("x-ms-sevsnpvm-launchmeasurement", measurement)
                .containsEntry("sevsnp-product", c.intermediate().getSubjectX500Principal().getName()
                        .contains("Genoa") ? "Genoa" : "Milan");
    }

    @Test
    void milan_v2_hcl_report_verifies_with_the_thim_chain() throws Exception {
        byte[] report = embedded(Vectors.bytes("azure-cvm/snp-milan-hcl-report.bin"));
        SnpCollateral c = new SnpCollateralLoader().addBytes(Vectors.bytes("azure-cvm/snp-milan-vcek-chain.pem"))
                .collateral();
        assertThat(c.ark()).isPresent();
        assertGenuine(report, c, 2, "19752a447db501a3",
                "9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308b459d5ef1a12e0c22944eb386d17c315");
        SnpReport parsed = SnpReport.parse(report);
        assertThat(parsed.reportedTcb().raw()).isEqualTo(0x7308000000000003L);
        assertThat(parsed.currentTcb().raw()).isEqualTo(0xd208000000000003L);
        assertThat(parsed.guestSvn()).isEqualTo(5);
    }

    @Test
    void genoa_trustee_json_report_verifies() throws Exception {
        JsonNode doc = JSON.readTree(Vectors.bytes("azure-cvm/snp-genoa-evidence.json"));
        JsonNode array = doc.get("report");
        byte[] hcl = new byte[array.size()];
        for (int i = 0; i < hcl.length; i++) {
            hcl[i] = (byte) array.get(i).intValue();
        }
        SnpCollateral c = new SnpCollateralLoader().addBytes(doc.get("vcek").asString().getBytes())
                .addBytes(Vectors.bytes("roots/amd-genoa-ask-ark.pem")).collateral();
        assertGenuine(embedded(hcl), c, 3, "0506ffba875e939c",
                "f57dc09a507c6ecd82369bffb600f0003792f4d99bc26e985ec0c266fc34faf3706faf814c9e61065768a6ff917c89ae");
        assertThat(SnpReport.parse(embedded(hcl)).guestSvn()).isEqualTo(65547);
    }

    @Test
    void milan_nonce_json_report_verifies() throws Exception {
        JsonNode doc = JSON.readTree(Vectors.bytes("azure-cvm/snp-milan-nonce-evidence-v2.json"));
        byte[] hcl = Base64.getUrlDecoder().decode(doc.get("hcl_report").asString());
        byte[] vcek = Base64.getUrlDecoder().decode(doc.get("vcek").asString());
        SnpCollateral c = new SnpCollateralLoader().addBytes(vcek)
                .addBytes(Vectors.bytes("roots/amd-milan-ask-ark.pem")).collateral();
        assertGenuine(embedded(hcl), c, 3, "2e0e62a0e6f39bc4",
                "5b0ce64ad1c1f6375dbda5f760b98526ca1bcf91b8195091afc28e7b024251d68fe32e05af34048d6607678cd23283ff");
        assertThat(SnpReport.parse(embedded(hcl)).guestSvn()).isEqualTo(12);
    }

    @Test
    void kinvolk_report_with_another_chips_vcek_fails_signature_and_hwid() throws Exception {
        byte[] report = embedded(Vectors.bytes("azure-cvm/snp-milan-v2-kinvolk-hcl-report.bin"));
        SnpCollateral c = new SnpCollateralLoader()
                .addBytes(Vectors.bytes("azure-cvm/snp-kinvolk-wrong-vcek-chain.pem")).collateral();
        AppraisalResult r = VERIFIER.verify(report, c);
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(SIGNATURE_INVALID, HWID_MISMATCH);
    }
}
