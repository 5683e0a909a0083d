package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /attest/SevSnpVm} over HTTPS with simulator evidence; tokens checked with the JWKS from /certs. */
class AttestSevSnpVmTest {
    static final SnpSimulator SIM = SnpSimulator.standard();
    static final byte[] RUNTIME = """
            {"keys":[{"kid":"TpmEphemeralEncryptionKey","kty":"RSA","e":"AQAB","n":"u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw"}],
             "vm-configuration":{"secure-boot":true,"tpm-enabled":true}}""".getBytes(StandardCharsets.UTF_8);
    static final byte[] MEASUREMENT = HexFormat.of().parseHex("11".repeat(48));

    @TempDir
    static Path dataDir;
    static AttestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, SIM.roots().trustProfile());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static SimulatedSnpEvidence evidence(SnpSpec spec) {
        return SIM.generate(spec.measurement(MEASUREMENT).reportData(MaaSnpRequest.reportDataFor(RUNTIME)));
    }

    static String body(SimulatedSnpEvidence ev, String nonce) {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(MaaSnpRequest.body(ev, RUNTIME));
        if (nonce != null) {
            body.put("nonce", nonce);
        }
        return body.toString();
    }

    @Test
    void genuine_evidence_gets_a_token_that_verifies_with_the_published_keys() throws Exception {
        var res = fx.post("/attest/SevSnpVm" + V, body(evidence(new SnpSpec()), "n-123"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JWTClaimsSet claims = fx.verify(json(res).path("token").asString());

        assertThat(claims.getIssuer()).isEqualTo("https://127.0.0.1:" + fx.server.port());
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(8 * 3600_000L);
        assertThat(claims.getNotBeforeTime()).isNotNull();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-123");
        assertThat(claims.getStringClaim("x-ms-ver")).isEqualTo("1.0");
        assertThat(claims.getStringClaim("x-ms-attestation-type")).isEqualTo("sevsnpvm");
        assertThat(claims.getStringClaim("x-ms-sevsnpvm-launchmeasurement")).isEqualTo("11".repeat(48));
        assertThat(claims.getBooleanClaim("x-ms-sevsnpvm-is-debuggable")).isFalse();
        assertThat(claims.getStringClaim("x-ms-policy-hash")).isEqualTo(DefaultPolicies.of(AttestationType.SEV_SNP_VM).hash());
        Map<String, Object> runtime = claims.getJSONObjectClaim("x-ms-runtime");
        assertThat(runtime).containsKeys("keys", "vm-configuration");
        assertThat(claims.getBooleanClaim("x-trustplane-simulated")).isTrue();

        var record = fx.lastDecision();
        assertThat(record.type()).isEqualTo("attestation.verdict");
        assertThat(record.fields()).containsEntry("verdict", "permitted").containsEntry("caller", "anonymous")
                .containsEntry("attestationType", "SevSnpVm").containsKeys("evidenceSha256", "policyHash", "reasons");
    }

    @Test
    void init_time_data_must_match_host_data() throws Exception {
        byte[] init = "{\"cce\":\"policy\"}".getBytes(StandardCharsets.UTF_8);
        byte[] hostData = MessageDigest.getInstance("SHA-256").digest(init);
        String b64 = Base64Url.encode(init);
        ObjectNode ok = (ObjectNode) Json.MAPPER.readTree(body(evidence(new SnpSpec().hostData(hostData)), null));
        ok.putObject("initTimeData").put("data", b64).put("dataType", "JSON");
        var res = fx.post("/attest/SevSnpVm" + V, ok.toString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(fx.verify(json(res).path("token").asString()).getJSONObjectClaim("x-ms-inittime")).containsKey("cce");

        ObjectNode bad = (ObjectNode) Json.MAPPER.readTree(body(evidence(new SnpSpec()), null));
        bad.putObject("initTimeData").put("data", b64).put("dataType", "JSON");
        var refused = fx.post("/attest/SevSnpVm" + V, bad.toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorCode(refused)).isEqualTo("InitTimeDataMismatch");
    }

    @Test
    void runtime_data_not_bound_to_report_data_is_refused() throws Exception {
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec().reportData(Arrays.copyOf(new byte[] {1}, 64)));
        var res = fx.post("/attest/SevSnpVm" + V, MaaSnpRequest.body(ev, RUNTIME));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("RuntimeDataMismatch");
        assertThat(json(res).path("error").path("message").asString()).contains("REPORT_DATA[0:32]");
        assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied");
    }

    @Test
    void bad_base64_and_wrong_shapes_are_400_naming_the_check() throws Exception {
        var notB64 = fx.post("/attest/SevSnpVm" + V, "{\"report\":\"not+base64/\"}");
        assertThat(notB64.statusCode()).isEqualTo(400);
        assertThat(errorCode(notB64)).isEqualTo("InvalidBase64");
        assertThat(json(notB64).path("error").path("message").asString()).contains("report");

        var notJson = fx.post("/attest/SevSnpVm" + V, "{\"report\":\"" + Base64Url.encode("hello".getBytes()) + "\"}");
        assertThat(errorCode(notJson)).isEqualTo("InvalidJson");
        var noReport = fx.post("/attest/SevSnpVm" + V, "{\"report\":\"" + Base64Url.encode("{}".getBytes()) + "\"}");
        assertThat(errorCode(noReport)).isEqualTo("InvalidParameter");
        var numberReport = fx.post("/attest/SevSnpVm" + V, "{\"report\":5}");
        assertThat(errorCode(numberReport)).isEqualTo("InvalidParameter");
        var garbage = fx.post("/attest/SevSnpVm" + V, "{\"report\":\"" + Base64Url.encode(
                "{\"SnpReport\":\"AAAA\"}".getBytes()) + "\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(errorCode(garbage)).isEqualTo("EvidenceMalformed");
        var longNonce = fx.post("/attest/SevSnpVm" + V, body(evidence(new SnpSpec()), "x".repeat(1025)));
        assertThat(errorCode(longNonce)).isEqualTo("InvalidParameter");
    }

    @Test
    void runtime_json_with_fractions_and_nulls_and_binary_runtime_data_are_handled() throws Exception {
        byte[] runtime = "{\"ratio\":1.5,\"none\":null,\"list\":[1,\"a\"]}".getBytes(StandardCharsets.UTF_8);
        SimulatedSnpEvidence ev = SIM.generate(new SnpSpec().reportData(MaaSnpRequest.reportDataFor(runtime)));
        var res = fx.post("/attest/SevSnpVm" + V, MaaSnpRequest.body(ev, runtime));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(fx.verify(json(res).path("token").asString()).getJSONObjectClaim("x-ms-runtime")).containsKey("ratio");

        ObjectNode binary = (ObjectNode) Json.MAPPER.readTree(MaaSnpRequest.body(ev, runtime));
        ((ObjectNode) binary.get("runtimeData")).put("dataType", "Binary");
        var bin = fx.post("/attest/SevSnpVm" + V, binary.toString());
        assertThat(bin.statusCode()).as(bin.body()).isEqualTo(200);
        assertThat(fx.verify(json(bin).path("token").asString()).getClaim("x-ms-runtime")).isNull();
    }

    @Test
    void api_version_is_required() throws Exception {
        String body = body(evidence(new SnpSpec()), null);
        for (String path : new String[] {"/attest/SevSnpVm", "/attest/SevSnpVm?api-version=2019-01-01"}) {
            var res = fx.post(path, body);
            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(json(res).path("error").path("message").asString()).contains("2020-10-01, 2022-08-01, 2025-06-01");
        }
        assertThat(fx.post("/attest/SevSnpVm?api-version=2020-10-01", body).statusCode()).isEqualTo(200);
        assertThat(fx.post("/attest/SevSnpVm?api-version=2025-06-01", body).statusCode()).isEqualTo(200);
    }

    @Test
    void openid_metadata_names_the_issuer_and_the_certs() throws Exception {
        var res = fx.client.get("/.well-known/openid-configuration", null);
        assertThat(res.statusCode()).isEqualTo(200);
        String base = "https://127.0.0.1:" + fx.server.port();
        assertThat(json(res).path("issuer").asString()).isEqualTo(base);
        assertThat(json(res).path("jwks_uri").asString()).isEqualTo(base + "/certs");
        assertThat(json(res).path("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");

        var certs = json(fx.client.get("/certs", null)).path("keys");
        assertThat(certs.size()).isEqualTo(1);
        for (String member : new String[] {"kid", "kty", "x5c", "use", "alg", "n", "e"}) {
            assertThat(certs.get(0).has(member)).as(member).isTrue();
        }
        assertThat(certs.get(0).has("d")).isFalse();
    }

    /** The body with {@code report.Endorsements} replaced by {@code endorsements} (sent as given). */
    static String withEndorsements(String endorsements) {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(body(evidence(new SnpSpec()), null));
        ObjectNode report = (ObjectNode) Json.MAPPER.readTree(
                java.util.Base64.getUrlDecoder().decode(body.path("report").asString()));
        report.put("Endorsements", endorsements);
        body.put("report", Base64Url.encode(report.toString().getBytes(StandardCharsets.UTF_8)));
        return body.toString();
    }

    @Test
    void uvm_endorsements_are_checked_for_shape_and_grant_no_compliance_status() throws Exception {
        // A tagged COSE_Sign1: D2 84, empty protected bstr, empty map, nil payload, empty signature.
        String cose = Base64Url.encode(HexFormat.of().parseHex("d28440a0f640"));
        String uvm = Base64Url.encode(("{\"Uvm\":[\"" + cose + "\"]}").getBytes(StandardCharsets.UTF_8));
        var res = fx.post("/attest/SevSnpVm" + V, withEndorsements(uvm));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JWTClaimsSet claims = fx.verify(json(res).path("token").asString());
        assertThat(claims.getClaim("x-ms-compliance-status")).isNull();

        String notCose = Base64Url.encode(("{\"Uvm\":[\"" + Base64Url.encode(new byte[] {1, 2, 3}) + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
        var bad = fx.post("/attest/SevSnpVm" + V, withEndorsements(notCose));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(errorCode(bad)).isEqualTo("InvalidParameter");
        assertThat(json(bad).path("error").path("message").asString()).contains("report.Endorsements.Uvm[0]");

        var notArray = fx.post("/attest/SevSnpVm" + V,
                withEndorsements(Base64Url.encode("{\"Uvm\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(errorCode(notArray)).isEqualTo("InvalidParameter");
        var notJson = fx.post("/attest/SevSnpVm" + V, withEndorsements(Base64Url.encode(new byte[] {'{', 'x'})));
        assertThat(errorCode(notJson)).isEqualTo("InvalidJson");
        var notBase64 = fx.post("/attest/SevSnpVm" + V, withEndorsements("a+b/"));
        assertThat(errorCode(notBase64)).isEqualTo("InvalidBase64");
    }
}
