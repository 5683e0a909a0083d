package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.azure.HclReport;
import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpVerifier;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VCEK chain from THIM: fetched from a loopback metadata service that answers in THIM's JSON shape, attached
 * to SNP-based Azure CVM evidence, and good enough for the SNP verifier; a broken or hostile service is a typed
 * error naming the field.
 */
class ThimVcekChainTest {
    private static final SimulatedSnpEvidence SNP = SnpSimulator.standard().generate(new SnpSpec().reportData(new byte[64]));

    FakeImds imds;
    ThimVcekChain thim;

    @BeforeEach
    void start() throws Exception {
        imds = new FakeImds();
        thim = new ThimVcekChain(imds.base(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        imds.close();
    }

    @Test
    void fetches_vcek_ask_and_ark_with_the_metadata_header_and_they_verify_the_report() throws Exception {
        imds.serve(SNP.vcek(), SNP.ask(), SNP.ark());
        String pem = thim.vcekCertChainPem();

        assertThat(imds.paths).containsExactly("/metadata/THIM/amd/certification");
        assertThat(imds.metadataHeaders).containsExactly("true");
        List<X509Certificate> chain = certificates(pem);
        assertThat(chain).containsExactly(SNP.vcek(), SNP.ask(), SNP.ark());

        AppraisalResult verified = new SnpVerifier(SnpSimulator.standard().roots().trustProfile(), ConfigfsTsmTest.NOW,
                SnpVerifier.Options.defaults()).verify(SNP.report(),
                new SnpCollateral(chain.get(0), chain.get(1), Optional.of(chain.get(2)), Optional.empty()));
        assertThat(verified.reasons()).isEmpty();
    }

    @Test
    void snp_based_azure_cvm_evidence_gets_the_chain_in_its_attest_body() throws Exception {
        imds.serve(SNP.vcek(), SNP.ask(), SNP.ark());
        EvidenceSource source = new VcekEndorsedSource(SimulatedTee.azureCvm(), thim);
        Evidence.AzureCvm evidence = (Evidence.AzureCvm) source.collect(new byte[64]);
        assertThat(HclReport.parse(evidence.hclReport()).hardwareReportType().name()).isEqualTo("SNP");
        assertThat(evidence.vcekCertChain()).contains(thim.vcekCertChainPem());
        assertThat(source.describe()).contains("THIM " + imds.base());

        JsonNode body = JsonMapper.builder().build().readTree(AttestRequestBodies.body(evidence, Optional.empty()));
        String sent = new String(Base64.getUrlDecoder().decode(body.path("vcekCertChain").asString()), StandardCharsets.US_ASCII);
        assertThat(certificates(sent)).containsExactly(SNP.vcek(), SNP.ask(), SNP.ark());
    }

    @Test
    void an_unreachable_service_fails_the_collection_instead_of_sending_unverifiable_evidence() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var nowhere = new ThimVcekChain(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2));
        assertThatThrownBy(() -> new VcekEndorsedSource(SimulatedTee.azureCvm(), nowhere).collect(new byte[64]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("THIM http://127.0.0.1:" + closedPort).contains("cannot be reached");
                });
    }

    @Test
    void refusals_and_hostile_answers_are_typed_errors_naming_the_field() throws Exception {
        imds.status = 404;
        imds.body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
        expect(Failure.DEVICE_ERROR, "", "HTTP 404");

        imds.serveJson("[1,2]");
        expect(Failure.MALFORMED_OUTPUT, "THIM", "not a JSON object");
        imds.serveJson("{\"vcekCert\":");
        expect(Failure.MALFORMED_OUTPUT, "THIM", "not JSON");
        imds.serveJson("{\"certificateChain\":\"x\"}");
        expect(Failure.MALFORMED_OUTPUT, "vcekCert", "missing");
        imds.serveJson("{\"vcekCert\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\","
                + "\"certificateChain\":\"\"}");
        expect(Failure.MALFORMED_OUTPUT, "vcekCert", "not PEM X.509");

        // Two leaves, or a chain of three, is not what THIM serves.
        imds.serve(SNP.vcek(), SNP.ask(), SNP.ark());
        String good = new String(imds.body, StandardCharsets.UTF_8);
        String vcek = good.substring(good.indexOf("-----BEGIN"), good.indexOf("-----END CERTIFICATE-----") + 25);
        imds.serveJson(good.replace("\"vcekCert\":\"", "\"vcekCert\":\"" + vcek + "\\n"));
        expect(Failure.MALFORMED_OUTPUT, "vcekCert", "holds 2 certificates, expected 1");
        imds.serveJson(good.replace("\"certificateChain\":\"", "\"certificateChain\":\"" + vcek + "\\n"));
        expect(Failure.MALFORMED_OUTPUT, "certificateChain", "holds 3 certificates, expected 1 to 2");

        imds.serveJson("{\"vcekCert\":\"" + "A".repeat(ThimVcekChain.MAX_BODY) + "\"}");
        expect(Failure.MALFORMED_OUTPUT, "THIM", "exceeds");
    }

    private void expect(Failure failure, String field, String text) {
        assertThatThrownBy(() -> thim.vcekCertChainPem()).isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
            assertThat(e.failure()).isEqualTo(failure);
            if (!field.isEmpty()) {
                assertThat(e.field()).startsWith(field);
            }
            assertThat(e.getMessage()).contains(text);
        });
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
    }
}
