package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.azure.AzureCvmEvidence;
import dev.trustplane.evidence.azure.AzureCvmVerifier;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.azure.VtpmQuote;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReport;
import dev.trustplane.evidence.snp.TcbVersion;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.evidence.tpm.TpmSignature;
import dev.trustplane.simulator.SimulatedRoots;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --tee sim}: settable measurement, debug and TCB; evidence verifies under the simulated roots only. */
class SimulatedTeeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SnpVerifier SIMULATED = new SnpVerifier(SimulatedRoots.standard().trustProfile(),
            ConfigfsTsmTest.NOW, SnpVerifier.Options.defaults());

    private static AppraisalResult verify(Evidence.Snp e, byte[] data, SnpVerifier verifier) throws Exception {
        List<X509Certificate> chain = ConfigfsTsmTest.pemChain(e.certificates().orElseThrow().vcekCertChainPem().orElseThrow());
        return verifier.verify(e.report(), new SnpCollateral(chain.get(0), chain.get(1), Optional.of(chain.get(2)),
                Optional.empty()), data);
    }

    @Test
    void snp_settings_appear_in_a_report_that_verifies_under_the_simulated_roots_only() throws Exception {
        byte[] measurement = new byte[48];
        Arrays.fill(measurement, (byte) 0xA5);
        SimulatedTee tee = SimulatedTee.snp().withMeasurement(measurement).withDebug(true).withTcb(9, 0, 21, 80, 0);
        byte[] data = ConfigfsTsmTest.reportData(0x55);

        Evidence.Snp e = (Evidence.Snp) EvidenceSources.choose(Tee.SIM, EvidenceOptions.defaults().withSimulator(tee)).collect(data);

        SnpReport report = SnpReport.parse(e.report());
        assertThat(report.measurement()).isEqualTo(measurement);
        assertThat(report.reportData()).isEqualTo(data);
        assertThat(report.policy().debugAllowed()).isTrue();
        TcbVersion.Components tcb = report.reportedTcb().decode(SnpProduct.GENOA.tcbLayout());
        assertThat(List.of(tcb.bootLoader(), tcb.tee(), tcb.snp(), tcb.microcode())).containsExactly(9, 0, 21, 80);
        assertThat(e.source()).isEqualTo("simulator");
        assertThat(tee.describe()).isEqualTo("simulator (SNP, Genoa, debug on)");

        AppraisalResult ok = verify(e, data, SIMULATED);
        assertThat(ok.reasons()).isEmpty();
        AppraisalResult production = verify(e, data, new SnpVerifier(TrustProfile.production(), ConfigfsTsmTest.NOW,
                SnpVerifier.Options.defaults()));
        assertThat(production.genuine()).isFalse();
        assertThat(production.reasons()).isNotEmpty();
    }

    @Test
    void debug_defaults_off() throws Exception {
        Evidence.Snp e = (Evidence.Snp) SimulatedTee.snp().collect(new byte[64]);
        assertThat(SnpReport.parse(e.report()).policy().debugAllowed()).isFalse();
    }

    @Test
    void azure_cvm_evidence_binds_the_report_data_as_user_data_and_nonce() throws Exception {
        byte[] data = ConfigfsTsmTest.reportData(0x77);
        Evidence.AzureCvm e = (Evidence.AzureCvm) SimulatedTee.azureCvm().collect(data);
        HclReport hcl = HclReport.parse(e.hclReport());
        assertThat(hcl.runtimeData().userData()).contains(data);
        assertThat(AzureCvmVerifier.verify(AzureCvmEvidence.fromParts(hcl, VtpmQuote.of(e.quoteMessage(),
                e.rawSignature(), e.pcrs()), Optional.empty()), data).verified()).isTrue();
        assertThat(TpmSignature.parse(e.quoteSignature()).bytes()).isEqualTo(e.rawSignature());
    }

    @Test
    void attest_bodies_carry_the_parts_the_routes_read() throws Exception {
        byte[] data = ConfigfsTsmTest.reportData(1);
        Evidence.Snp snp = (Evidence.Snp) SimulatedTee.snp().collect(data);
        byte[] runtime = "{\"keys\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode body = JSON.readTree(AttestRequestBodies.body(snp, Optional.of(runtime)));
        assertThat(AttestRequestBodies.type(snp)).isEqualTo("SevSnpVm");
        JsonNode inner = JSON.readTree(b64(body.get("report").asString()));
        assertThat(b64(inner.get("SnpReport").asString())).isEqualTo(snp.report());
        assertThat(new String(b64(inner.get("VcekCertChain").asString()), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(snp.certificates().orElseThrow().vcekCertChainPem().orElseThrow());
        assertThat(b64(body.get("runtimeData").get("data").asString())).isEqualTo(runtime);
        assertThat(body.get("runtimeData").get("dataType").asString()).isEqualTo("JSON");

        Evidence.AzureCvm azure = (Evidence.AzureCvm) SimulatedTee.azureCvm().collect(data);
        JsonNode a = JSON.readTree(AttestRequestBodies.body(azure, Optional.empty()));
        assertThat(AttestRequestBodies.type(azure)).isEqualTo("AzureCvm");
        assertThat(b64(a.get("hclReport").asString())).isEqualTo(azure.hclReport());
        assertThat(b64(a.get("tpmQuote").get("message").asString())).isEqualTo(azure.quoteMessage());
        assertThat(b64(a.get("tpmQuote").get("signature").asString())).isEqualTo(azure.rawSignature());
        assertThat(a.get("tpmQuote").get("pcrs")).hasSize(24);
        assertThat(b64(a.get("nonce").asString())).isEqualTo(data);

        Evidence.Tdx tdx = new Evidence.Tdx(ConfigfsTsmTest.tdxQuote(data, 4), "test");
        JsonNode t = JSON.readTree(AttestRequestBodies.body(tdx, Optional.empty()));
        assertThat(AttestRequestBodies.type(tdx)).isEqualTo("TdxVm");
        assertThat(b64(t.get("quote").asString())).isEqualTo(tdx.quote());
        assertThat(t.has("runtimeData")).isFalse();
    }

    @Test
    void settings_are_validated() {
        assertThatThrownBy(() -> SimulatedTee.snp().withMeasurement(new byte[32]))
                .hasMessageContaining("48 bytes");
        assertThatThrownBy(() -> SimulatedTee.snp().collect(new byte[65]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class,
                        e -> assertThat(e.failure()).isEqualTo(EvidenceCollectionException.Failure.INVALID_REQUEST));
    }

    private static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }
}
