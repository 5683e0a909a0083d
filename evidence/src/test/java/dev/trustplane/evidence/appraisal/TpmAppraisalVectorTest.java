package dev.trustplane.evidence.appraisal;

import static dev.trustplane.evidence.appraisal.Inputs.HEX;
import static dev.trustplane.evidence.appraisal.Inputs.claim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.tpm.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The TPM vectors of vectors/MANIFEST.md through the facade: JSON containers and separate files. */
class TpmAppraisalVectorTest {
    private static final String TRUSTEE = "tpm/trustee-tpm-evidence.json";
    private static final String GCP = "tpm/gcp-windows-shielded-vm-goattest.json";
    private static final String TRUSTEE_NONCE = "a04182b506878d4f29b91ee606a71a0d3361ccf1b22db20c98adcaa537bea393"
            + "ef0e41a18b3569ab678f1497fbc5c12000000000000000000000000000000000";

    @Test
    void trustee_tpm_json_verifies_with_its_nonce() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex(TRUSTEE_NONCE)), TRUSTEE);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.evidenceType()).isEqualTo("tpm");
        assertThat(r.claims()).containsEntry("tpm-nonce", TRUSTEE_NONCE)
                .containsEntry("tpm-clock", 1913548331L)
                .containsEntry("tpm-reset-count", 2L)
                .containsEntry("tpm-restart-count", 0L)
                .containsEntry("tpm-firmware-version", "2019102300163636")
                .containsEntry("tpm-qualified-signer", "000b3081a4cbbe307f3de1456f9875a3c2632528a70d91fcf578ccf092465e4e8e09")
                .containsEntry("tpm-pcr-digest", "019de64c9318655e422c3d03831169896e31f02a1d74e4d8fef575bf4e0d75fa")
                .containsEntry("tpm-ak-spki-sha256", "a517f03ffdaee469aef1a19569547e330726335d0461c3ef6383409c6295679e")
                .containsEntry("tpm-signature-scheme", "RSASSA/SHA256")
                .doesNotContainKey("tpm-ak-name");
        assertThat((Map<?, ?>) claim(r, "tpm-pcrs", "sha256")).hasSize(24);
        assertThat(claim(r, "tpm-pcrs", "sha256", "0")).isEqualTo(pcr(TRUSTEE, 0));
    }

    @Test
    void gcp_go_attestation_json_verifies_with_sha1_bank_and_ak_name() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(new byte[0]), GCP);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("tpm-nonce", "")
                .containsEntry("tpm-clock", 10257171L)
                .containsEntry("tpm-reset-count", 1045281252L)
                .containsEntry("tpm-restart-count", 822490842L)
                .containsEntry("tpm-firmware-version", "41e4356df966e035")
                .containsEntry("tpm-pcr-digest", "a610f27bc687ce906243287d832706036e79f6e1")
                .containsEntry("tpm-ak-name", "000b4ce9b151f75089d74c15dabe9d520cffafbcafd5d43be0aad2e2d88d54717e2e")
                .containsEntry("tpm-signature-scheme", "RSASSA/SHA1");
        assertThat((Map<?, ?>) claim(r, "tpm-pcrs", "sha1")).hasSize(24);
        assertThat(((Map<?, ?>) r.claims().get("tpm-pcrs")).keySet()).isEqualTo(java.util.Set.of("sha1"));
    }

    @Test
    void wrong_nonce_is_REPORT_DATA_MISMATCH() {
        AppraisalResult r = Inputs.appraise(Inputs.options().withNonce(HEX.parseHex("0badc0de")), TRUSTEE);
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.REPORT_DATA_MISMATCH);
    }

    @Test
    void tampered_pcr_value_is_MEASUREMENT_MISMATCH() {
        String json = new String(SharedVectors.read(TRUSTEE), StandardCharsets.UTF_8);
        String pcr0 = pcr(TRUSTEE, 0);
        String flipped = (pcr0.charAt(0) == '0' ? "1" : "0") + pcr0.substring(1);
        byte[] tampered = json.replaceFirst(pcr0, flipped).getBytes(StandardCharsets.UTF_8);
        AppraisalResult r = new EvidenceAppraiser(Inputs.options()).appraise(List.of(tampered));
        assertThat(r.reasons()).extracting(Reason::code).containsExactly(ReasonCode.MEASUREMENT_MISMATCH);
        assertThat((Map<?, ?>) r.claims().get("tpm-pcrs")).isEmpty();
    }

    @Test
    void trustee_quote_as_separate_files_message_signature_spki_and_pcr_json() throws Exception {
        JsonNode ev = JsonMapper.builder().build().readTree(SharedVectors.read(TRUSTEE));
        JsonNode q = ev.get("tpm_quote");
        StringBuilder pcrs = new StringBuilder("{\"sha256\": {");
        for (int i = 0; i < 24; i++) {
            pcrs.append(i == 0 ? "" : ", ").append('"').append(i).append("\": \"").append(q.get("pcrs").get(i).asString()).append('"');
        }
        pcrs.append("}}");
        List<EvidenceInput> files = List.of(
                new EvidenceInput("ak.der", b64(ev.get("ak_public"))),
                new EvidenceInput("pcrs.json", pcrs.toString().getBytes(StandardCharsets.UTF_8)),
                new EvidenceInput("quote.sig", b64(q.get("signature"))),
                new EvidenceInput("quote.msg", b64(q.get("message"))));
        AppraisalResult r = new EvidenceAppraiser(Inputs.options().withNonce(HEX.parseHex(TRUSTEE_NONCE)))
                .appraise(files, List.of());
        assertThat(r.reasons()).isEmpty();
        assertThat(r.claims()).containsEntry("tpm-pcr-digest", "019de64c9318655e422c3d03831169896e31f02a1d74e4d8fef575bf4e0d75fa");

        AppraisalResult noKey = new EvidenceAppraiser(Inputs.options()).appraise(files.subList(1, 4), List.of());
        assertThat(noKey.reasons()).extracting(Reason::code).containsExactly(ReasonCode.COLLATERAL_UNAVAILABLE);
    }

    private static String pcr(String vector, int index) {
        return JsonMapper.builder().build().readTree(SharedVectors.read(vector)).get("tpm_quote").get("pcrs").get(index).asString();
    }

    private static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asString());
    }
}
