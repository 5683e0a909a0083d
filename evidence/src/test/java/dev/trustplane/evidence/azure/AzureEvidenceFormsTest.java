package dev.trustplane.evidence.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.tpm.AttestationKey;
import dev.trustplane.evidence.tpm.SharedVectors;
import dev.trustplane.evidence.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The other container forms: trustee az-tdx-vtpm JSON (v0 integer arrays and v1 base64url/hex,
 * rebuilt here from the TDX vector's parts), separate files with a PEM AK, and mapping to the
 * shared reason codes.
 */
class AzureEvidenceFormsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

    private static byte[] tdxHcl() {
        return SharedVectors.read("azure-cvm/tdx-hcl-report.bin");
    }

    private static VtpmQuote tdxQuote() throws AzureFormatException {
        return VtpmQuote.fromBincode(SharedVectors.read("azure-cvm/tdx-vtpm-quote.bincode"));
    }

    private static List<byte[]> pcrs(VtpmQuote q) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            out.add(q.pcrs().get(TpmHash.SHA256, i).orElseThrow());
        }
        return out;
    }

    private static ArrayNode ints(byte[] b) {
        ArrayNode a = JSON.createArrayNode();
        for (byte x : b) {
            a.add(x & 0xFF);
        }
        return a;
    }

    @Test
    void az_tdx_vtpm_v0_json_with_integer_arrays() throws Exception {
        VtpmQuote q = tdxQuote();
        ObjectNode quote = JSON.createObjectNode();
        quote.set("signature", ints(q.signature().bytes()));
        quote.set("message", ints(q.attest().raw()));
        ArrayNode pcrs = quote.putArray("pcrs");
        pcrs(q).forEach(p -> pcrs.add(ints(p)));
        ObjectNode root = JSON.createObjectNode();
        root.set("tpm_quote", quote);
        root.set("hcl_report", ints(tdxHcl()));
        root.set("td_quote", ints(new byte[] {1, 2, 3}));

        AzureCvmEvidence ev = TrusteeEvidenceJson.parse(JSON.writeValueAsBytes(root));

        assertThat(ev.formatVersion()).isZero();
        assertThat(ev.hclReport().hardwareReportType()).isEqualTo(HardwareReportType.TDX);
        assertThat(ev.tdQuote()).hasValueSatisfying(t -> assertThat(t).containsExactly(1, 2, 3));
        assertThat(AzureCvmVerifier.verify(ev, CHALLENGE).verified()).isTrue();
    }

    @Test
    void az_tdx_vtpm_v1_json_with_hex_and_base64url() throws Exception {
        VtpmQuote q = tdxQuote();
        HexFormat hex = HexFormat.of();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode quote = root.putObject("tpm_quote");
        quote.put("signature", hex.formatHex(q.signature().bytes()));
        quote.put("message", hex.formatHex(q.attest().raw()));
        ArrayNode pcrs = quote.putArray("pcrs");
        pcrs(q).forEach(p -> pcrs.add(hex.formatHex(p)));
        root.put("hcl_report", url.encodeToString(tdxHcl()));
        root.put("td_quote", url.encodeToString(SharedVectors.read("azure-cvm/tdx-td-quote.dat")));

        AzureCvmEvidence ev = TrusteeEvidenceJson.parse(JSON.writeValueAsBytes(root));

        assertThat(ev.formatVersion()).isEqualTo(1);
        assertThat(ev.tdQuote()).hasValueSatisfying(t -> assertThat(t).hasSize(5006));
        AzureVerification v = AzureCvmVerifier.verify(ev, CHALLENGE);
        assertThat(v.verified()).isTrue();
        assertThat(v.outcome(AzureCheck.USER_DATA_NONCE).status().name()).isEqualTo("SKIPPED");
    }

    @Test
    void separate_files_with_a_PEM_AK() throws Exception {
        VtpmQuote q = tdxQuote();
        HclReport hcl = HclReport.parse(tdxHcl());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                hcl.runtimeData().akPub().publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        VtpmQuote fromParts = VtpmQuote.of(q.attest().raw(), q.signature().bytes(), pcrs(q));

        AzureVerification v = AzureCvmVerifier.verify(
                AzureCvmEvidence.fromParts(hcl, fromParts, Optional.of(AttestationKey.fromPem(pem))), CHALLENGE);

        assertThat(v.verified()).isTrue();
        assertThat(v.passed(AzureCheck.SUPPLIED_AK_MATCHES)).isTrue();
    }

    @Test
    void failures_map_to_shared_reason_codes() throws Exception {
        byte[] hcl = tdxHcl();
        hcl[32 + 128] ^= 0x01; // TDREPORT.REPORTDATA[0]
        VtpmQuote q = tdxQuote();
        AzureVerification v = AzureCvmVerifier.verify(
                AzureCvmEvidence.fromParts(HclReport.parse(hcl), q, Optional.empty()), "other".getBytes(StandardCharsets.US_ASCII));

        assertThat(v.reasons()).extracting(Reason::code)
                .containsExactly(ReasonCode.REPORT_DATA_MISMATCH, ReasonCode.REPORT_DATA_MISMATCH);
        assertThat(v.reasons().get(0).detail()).startsWith("RUNTIME_DATA_HASH_MISMATCH");
        assertThat(v.reasons().get(1).detail()).startsWith("NONCE_MISMATCH");
    }

    @Test
    void format_errors_convert_to_the_shared_exception() {
        byte[] hcl = tdxHcl();
        hcl[4] = 9;
        AzureFormatException e = catchThrowableOfType(AzureFormatException.class, () -> HclReport.parse(hcl));
        EvidenceFormatException shared = e.toEvidenceFormatException();
        assertThat(shared.code()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(shared.field()).isEqualTo("HclReport.version");
        assertThat(shared.offset()).isEqualTo(4);
    }
}
