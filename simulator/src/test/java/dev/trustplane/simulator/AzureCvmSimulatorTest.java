package dev.trustplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.azure.AzureCvmEvidence;
import dev.trustplane.evidence.azure.AzureCvmVerifier;
import dev.trustplane.evidence.azure.AzureVerification;
import dev.trustplane.evidence.azure.HardwareReportType;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.azure.TrusteeEvidenceJson;
import dev.trustplane.evidence.azure.VtpmQuote;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.tpm.AttestationKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Azure CVM round trips through the evidence module's HCL, vTPM-quote and SNP verifiers. */
class AzureCvmSimulatorTest {
    private static final AzureCvmSimulator SIM = AzureCvmSimulator.standard();

    private static AppraisalResult verifySnp(byte[] report, SimulatedAzureCvmEvidence ev, TrustProfile profile) {
        return new SnpVerifier(profile, SnpSimulatorTest.NOW, SnpVerifier.Options.defaults())
                .verify(report, ev.snp().collateral());
    }

    @Test
    void separate_files_verify_end_to_end() throws Exception {
        byte[] nonce = "fresh nonce from the verifier".getBytes(StandardCharsets.UTF_8);
        byte[] pcr7 = new byte[32];
        Arrays.fill(pcr7, (byte) 7);
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec().nonce(nonce).pcr(7, pcr7)
                .vmUniqueId("11111111-2222-4333-8444-555555555555").secureBoot(false)
                .snp(new SnpSpec().measurement(new byte[48])));

        HclReport hcl = HclReport.parse(ev.hclReport());
        assertThat(hcl.version()).isEqualTo(2);
        assertThat(hcl.hardwareReportType()).isEqualTo(HardwareReportType.SNP);
        assertThat(hcl.runtimeData().bytes()).isEqualTo(ev.runtimeData());
        assertThat(hcl.runtimeData().vmConfiguration().secureBoot()).isFalse();
        assertThat(hcl.runtimeData().vmConfiguration().tpmEnabled()).isTrue();
        assertThat(hcl.runtimeData().vmConfiguration().vmUniqueId()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(hcl.runtimeData().akPub().publicKey()).isEqualTo(ev.ak().getPublic());
        assertThat(hcl.runtimeData().ekPub()).isPresent();
        assertThat(hcl.runtimeData().userData().orElseThrow()).isEqualTo(Arrays.copyOf(nonce, 64));

        byte[] expectedReportData = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(ev.runtimeData()), 64);
        assertThat(SnpReport.parse(hcl.hardwareReport()).reportData()).isEqualTo(expectedReportData);
        AppraisalResult snp = verifySnp(hcl.hardwareReport(), ev, SnpSimulator.standard().roots().trustProfile());
        assertThat(snp.reasons()).isEmpty();

        VtpmQuote quote = VtpmQuote.of(ev.quoteMessage(), ev.quoteSignature(), ev.pcrs());
        AzureVerification v = AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(hcl, quote,
                Optional.of(AttestationKey.of(ev.ak().getPublic()))), nonce);
        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
        assertThat(v.quote().quotedPcrs().get(dev.trustplane.evidence.tpm.TpmHash.SHA256, 7)).contains(pcr7);
    }

    @Test
    void trustee_json_and_bincode_forms_verify_with_the_nonce() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec());
        AzureCvmEvidence parsed = TrusteeEvidenceJson.parse(ev.trusteeJson().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.formatVersion()).isEqualTo(2);
        assertThat(parsed.vcek()).contains(ev.snp().vcek().getEncoded());
        assertThat(AzureCvmVerifier.verify(parsed, ev.nonce()).verified()).isTrue();

        VtpmQuote fromBincode = VtpmQuote.fromBincode(ev.quoteBincode());
        assertThat(fromBincode.attest().raw()).isEqualTo(ev.quoteMessage());
        assertThat(fromBincode.attest().extraData()).isEqualTo(ev.nonce());
    }

    @Test
    void a_wrong_nonce_or_a_tampered_runtime_data_is_caught() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec());
        AzureCvmEvidence parsed = TrusteeEvidenceJson.parse(ev.trusteeJson().getBytes(StandardCharsets.UTF_8));
        assertThat(AzureCvmVerifier.verify(parsed, new byte[32]).verified()).isFalse();

        String json = new String(ev.runtimeData(), StandardCharsets.UTF_8);
        int at = HclReport.VARIABLE_DATA_OFFSET + json.indexOf("\"vmUniqueId\":\"") + 14;
        byte[] hcl = ev.hclReport();
        hcl[at] = (byte) (hcl[at] == '0' ? '1' : '0'); // still valid JSON, no longer the bound bytes
        VtpmQuote quote = VtpmQuote.of(ev.quoteMessage(), ev.quoteSignature(), ev.pcrs());
        AzureVerification v = AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(HclReport.parse(hcl), quote,
                Optional.empty()), ev.nonce());
        assertThat(v.failures()).containsExactly(dev.trustplane.evidence.azure.AzureFailure.RUNTIME_DATA_HASH_MISMATCH);
    }

    @Test
    void production_profile_rejects_the_embedded_report() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec());
        AppraisalResult r = verifySnp(HclReport.parse(ev.hclReport()).hardwareReport(), ev, TrustProfile.production());
        assertThat(r.reasons()).extracting(Reason::code).contains(ReasonCode.CHAIN_INVALID);
    }
}
