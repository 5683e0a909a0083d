package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.AzureCvmSimulator;
import dev.trustplane.simulator.AzureCvmSpec;
import dev.trustplane.simulator.SimulatedAzureCvmEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Trustplane's {@code POST /attest/AzureCvm}: HCL report + vTPM quote + nonce, from the simulator. */
class AttestAzureCvmTest {
    static final AzureCvmSimulator SIM = AzureCvmSimulator.standard();
    static final byte[] NONCE = "verifier nonce 42".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dataDir;
    static AttestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, dev.trustplane.simulator.SnpSimulator.standard().roots().trustProfile());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static ObjectNode body(SimulatedAzureCvmEvidence ev, byte[] nonce) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("hclReport", Base64Url.encode(ev.hclReport()));
        ObjectNode quote = body.putObject("tpmQuote");
        quote.put("message", Base64Url.encode(ev.quoteMessage()));
        quote.put("signature", Base64Url.encode(ev.quoteSignature()));
        var pcrs = quote.putArray("pcrs");
        ev.pcrs().forEach(p -> pcrs.add(Base64Url.encode(p)));
        String chain = "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ev.snp().vcek().getEncoded())
                + "\n-----END CERTIFICATE-----\n" + ev.snp().certChainPem();
        body.put("vcekCertChain", Base64Url.encode(chain.getBytes(StandardCharsets.US_ASCII)));
        body.put("nonce", Base64Url.encode(nonce));
        return body;
    }

    @Test
    void simulated_azure_cvm_evidence_round_trips_to_a_verified_token() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec().nonce(NONCE)
                .vmUniqueId("11111111-2222-4333-8444-555555555555"));
        var res = fx.post("/attest/AzureCvm" + V, body(ev, NONCE).toString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        var claims = fx.verify(json(res).path("token").asString());
        assertThat(claims.getStringClaim("x-ms-attestation-type")).isEqualTo("azurevm");
        assertThat(claims.getStringClaim("x-ms-azurevm-vmid")).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(claims.getStringClaim("nonce")).isEqualTo(Base64Url.encode(NONCE));
        assertThat(claims.getBooleanClaim("x-trustplane-simulated")).isTrue();
        assertThat(fx.lastDecision().fields()).containsEntry("attestationType", "AzureCvm")
                .containsEntry("verdict", "permitted");
    }

    @Test
    void a_nonce_the_quote_does_not_carry_is_refused() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec().nonce(NONCE));
        var res = fx.post("/attest/AzureCvm" + V, body(ev, "another nonce".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).startsWith("Evidence");
        assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied");
    }

    @Test
    void wrong_shapes_are_400() throws Exception {
        SimulatedAzureCvmEvidence ev = SIM.generate(new AzureCvmSpec().nonce(NONCE));
        ObjectNode fewPcrs = body(ev, NONCE);
        ((ObjectNode) fewPcrs.get("tpmQuote")).putArray("pcrs").add("AA");
        assertThat(errorCode(fx.post("/attest/AzureCvm" + V, fewPcrs.toString()))).isEqualTo("InvalidParameter");
        ObjectNode badB64 = body(ev, NONCE).put("hclReport", "%%%");
        assertThat(errorCode(fx.post("/attest/AzureCvm" + V, badB64.toString()))).isEqualTo("InvalidBase64");
        ObjectNode noNonce = body(ev, NONCE);
        noNonce.remove("nonce");
        assertThat(errorCode(fx.post("/attest/AzureCvm" + V, noNonce.toString()))).isEqualTo("InvalidParameter");
        var tdx = fx.post("/attest/TdxVm" + V, "{\"quote\":\"AA\"}"); // one byte: not a quote
        assertThat(tdx.statusCode()).isEqualTo(400);
        assertThat(errorCode(tdx)).isEqualTo("EvidenceMalformed");
    }
}
