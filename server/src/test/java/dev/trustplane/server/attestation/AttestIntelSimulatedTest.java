package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.evidence.dcap.OpenEnclaveReport;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.DcapSimulator;
import dev.trustplane.simulator.DcapSpec;
import dev.trustplane.simulator.SimulatedDcapEvidence;
import dev.trustplane.simulator.SimulatedIntel;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /attest/TdxVm}, {@code /attest/SgxEnclave} and {@code /attest/OpenEnclave} over HTTPS end to end with
 * simulated quotes (always run): the server trusts the simulator's Intel root under {@code --trust simulated}, its
 * collateral cache is filled as {@code trustplane collateral import} fills it, and every token is checked with the
 * JWKS from {@code /certs} through Nimbus.
 */
class AttestIntelSimulatedTest {
    static final DcapSimulator SIM = DcapSimulator.standard();
    static final HexFormat HEX = HexFormat.of();
    static final byte[] RUNTIME = """
            {"keys":[{"kid":"enclave-key","kty":"RSA","e":"AQAB","n":"u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] INIT_TIME = "init-time configuration v1".getBytes(StandardCharsets.UTF_8);
    static final byte[] MRTD = HEX.parseHex("ab".repeat(48));
    static final byte[] RTMR0 = HEX.parseHex("cd".repeat(48));
    static final byte[] MRENCLAVE = HEX.parseHex("e1".repeat(32));
    static final byte[] MRSIGNER = HEX.parseHex("5a".repeat(32));

    @TempDir
    static Path dataDir;
    @TempDir
    static Path staging;
    static AttestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, SimulatedIntel.standard().trustProfile());
        // The default TDX and SGX platforms' collateral (one FMSPC each), as an operator would import it.
        Map<String, byte[]> files = new HashMap<>();
        SIM.generate(DcapSpec.tdx()).collateralFiles().forEach((k, v) -> files.put("tdx-" + k, v));
        SIM.generate(DcapSpec.sgx()).collateralFiles().forEach((k, v) -> files.put("sgx-" + k, v));
        IntelCollateral.importInto(dataDir, staging, files);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static byte[] boundTo(byte[] data, int length) {
        return Arrays.copyOf(sha256(data), length);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SimulatedDcapEvidence tdx() {
        return SIM.generate(DcapSpec.tdx().mrTd(MRTD).rtmr(0, RTMR0).reportData(boundTo(RUNTIME, 64))
                .owner(boundTo(INIT_TIME, 48), new byte[48], new byte[48]));
    }

    static SimulatedDcapEvidence sgx(boolean debug) {
        return SIM.generate(DcapSpec.sgx().enclave(MRENCLAVE, MRSIGNER, 7, 3).reportData(boundTo(RUNTIME, 64))
                .configId(boundTo(INIT_TIME, 64)).debug(debug));
    }

    /** An attest body: {@code member} = base64url(evidence), runtime data as JSON, init-time data as binary. */
    static String body(String member, byte[] evidence, byte[] runtime, byte[] initTime, String nonce) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put(member, Base64.getUrlEncoder().withoutPadding().encodeToString(evidence));
        if (runtime != null) {
            body.putObject("runtimeData").put("data", Base64Url.encode(runtime)).put("dataType", "JSON");
        }
        if (initTime != null) {
            body.putObject("initTimeData").put("data", Base64Url.encode(initTime)).put("dataType", "Binary");
        }
        if (nonce != null) {
            body.put("nonce", nonce);
        }
        return body.toString();
    }

    static JWTClaimsSet token(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return fx.verify(json(res).path("token").asString());
    }

    @Test
    void a_td_quote_gets_a_token_with_maa_tdx_claims_and_its_bound_data() throws Exception {
        JWTClaimsSet c = token(fx.post("/attest/TdxVm" + V, body("quote", tdx().quote(), RUNTIME, INIT_TIME, "n-tdx")));

        assertThat(c.getStringClaim("x-ms-attestation-type")).isEqualTo("tdxvm");
        assertThat(c.getStringClaim("nonce")).isEqualTo("n-tdx");
        assertThat(c.getStringClaim("tdx_mrtd")).isEqualTo("ab".repeat(48));
        assertThat(c.getStringClaim("tdx_rtmr0")).isEqualTo("cd".repeat(48));
        assertThat(c.getStringClaim("tdx_report_data")).isEqualTo(HEX.formatHex(boundTo(RUNTIME, 64)));
        assertThat(c.getStringClaim("tdx_mrconfigid")).isEqualTo(HEX.formatHex(boundTo(INIT_TIME, 48)));
        assertThat(c.getBooleanClaim("tdx_td_attributes_debug")).isFalse();
        assertThat(c.getStringClaim("dbgstat")).isEqualTo("disabled");
        assertThat(c.getStringClaim("attester_tcb_status")).isEqualTo("UpToDate");
        assertThat(c.getStringClaim("x-ms-policy-hash")).isEqualTo(DefaultPolicies.of(AttestationType.TDX_VM).hash());
        assertThat(c.getJSONObjectClaim("x-ms-runtime")).containsKey("keys");
        assertThat(c.getBooleanClaim("x-trustplane-simulated")).isTrue();
        assertThat(c.getClaim("x-ms-sgx-ehd")).isNull();
        assertThat(fx.lastDecision().fields()).containsEntry("attestationType", "TdxVm").containsEntry("verdict", "permitted");
    }

    @Test
    void an_sgx_quote_gets_maa_sgx_claims_enclave_held_data_and_the_default_policy_claims() throws Exception {
        SimulatedDcapEvidence ev = sgx(false);
        JWTClaimsSet c = token(fx.post("/attest/SgxEnclave" + V, body("quote", ev.quote(), RUNTIME, INIT_TIME, null)));

        assertThat(c.getStringClaim("x-ms-attestation-type")).isEqualTo("sgx");
        assertThat(c.getStringClaim("x-ms-sgx-mrenclave")).isEqualTo("e1".repeat(32));
        assertThat(c.getStringClaim("x-ms-sgx-mrsigner")).isEqualTo("5a".repeat(32));
        assertThat(c.getLongClaim("x-ms-sgx-product-id")).isEqualTo(7L);
        assertThat(c.getLongClaim("x-ms-sgx-svn")).isEqualTo(3L);
        assertThat(c.getBooleanClaim("x-ms-sgx-is-debuggable")).isFalse();
        assertThat(c.getStringClaim("x-ms-sgx-report-data")).isEqualTo(HEX.formatHex(boundTo(RUNTIME, 64)));
        assertThat(c.getStringClaim("x-ms-sgx-config-id")).isEqualTo(HEX.formatHex(boundTo(INIT_TIME, 64)));
        assertThat(c.getStringClaim("x-ms-sgx-ehd")).isEqualTo(Base64Url.encode(RUNTIME));
        assertThat(c.getJSONObjectClaim("x-ms-sgx-collateral")).containsKeys("quotehash", "qeidhash", "tcbinfohash");
        assertThat(c.getStringClaim("dcap-tcb-status")).isEqualTo("UpToDate");
        // MAA's default SGX policy issues the legacy names.
        assertThat(c.getStringClaim("sgx-mrenclave")).isEqualTo("e1".repeat(32));
        assertThat(c.getBooleanClaim("is-debuggable")).isFalse();
        assertThat(c.getStringClaim("tee")).isEqualTo("sgx");
        assertThat(c.getStringClaim("x-ms-policy-hash")).isEqualTo(DefaultPolicies.of(AttestationType.SGX_ENCLAVE).hash());
    }

    @Test
    void an_open_enclave_report_is_its_header_around_an_sgx_quote() throws Exception {
        byte[] report = OpenEnclaveReport.wrap(sgx(false).quote());
        JWTClaimsSet c = token(fx.post("/attest/OpenEnclave" + V, body("report", report, RUNTIME, null, "oe")));

        assertThat(c.getStringClaim("x-ms-attestation-type")).isEqualTo("sgx");
        assertThat(c.getStringClaim("x-ms-sgx-mrenclave")).isEqualTo("e1".repeat(32));
        assertThat(c.getStringClaim("x-ms-sgx-ehd")).isEqualTo(Base64Url.encode(RUNTIME));
        assertThat(c.getStringClaim("x-ms-policy-hash")).isEqualTo(DefaultPolicies.of(AttestationType.OPEN_ENCLAVE).hash());
        // The decision log records the digest of the evidence as sent: header and quote.
        assertThat(fx.lastDecision().fields()).containsEntry("attestationType", "OpenEnclave")
                .containsEntry("evidenceSha256", HEX.formatHex(sha256(report)));
    }

    @Test
    void data_that_does_not_match_the_quote_is_refused_naming_the_field() throws Exception {
        byte[] other = "{\"other\":true}".getBytes(StandardCharsets.UTF_8); // valid JSON, bound nowhere
        var tdxRuntime = fx.post("/attest/TdxVm" + V, body("quote", tdx().quote(), other, null, null));
        assertThat(tdxRuntime.statusCode()).isEqualTo(400);
        assertThat(errorCode(tdxRuntime)).isEqualTo("RuntimeDataMismatch");
        assertThat(json(tdxRuntime).path("error").path("message").asString()).contains("REPORTDATA[0:32]");
        assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied")
                .containsEntry("reasons", java.util.List.of("RuntimeDataMismatch"));

        var tdxInit = fx.post("/attest/TdxVm" + V, body("quote", tdx().quote(), RUNTIME, other, null));
        assertThat(errorCode(tdxInit)).isEqualTo("InitTimeDataMismatch");
        assertThat(json(tdxInit).path("error").path("message").asString()).contains("MRCONFIGID[0:32]");

        var sgxInit = fx.post("/attest/SgxEnclave" + V, body("quote", sgx(false).quote(), RUNTIME, other, null));
        assertThat(sgxInit.statusCode()).isEqualTo(400);
        assertThat(errorCode(sgxInit)).isEqualTo("InitTimeDataMismatch");
        assertThat(json(sgxInit).path("error").path("message").asString()).contains("CONFIGID[0:32]");
        assertThat(sgxInit.headers().firstValue("x-ms-request-id")).isPresent();
    }

    @Test
    void evidence_of_the_wrong_kind_for_the_route_is_refused() throws Exception {
        byte[] td = tdx().quote();
        byte[] enclave = sgx(false).quote();

        var sgxToTdx = fx.post("/attest/TdxVm" + V, body("quote", enclave, null, null, null));
        assertThat(sgxToTdx.statusCode()).isEqualTo(400);
        assertThat(errorCode(sgxToTdx)).isEqualTo("EvidenceMalformed");
        assertThat(json(sgxToTdx).path("error").path("message").asString()).contains("not tdx");

        var tdxToSgx = fx.post("/attest/SgxEnclave" + V, body("quote", td, null, null, null));
        assertThat(errorCode(tdxToSgx)).isEqualTo("EvidenceMalformed");
        assertThat(json(tdxToSgx).path("error").path("message").asString()).contains("not sgx");

        var oeToSgx = fx.post("/attest/SgxEnclave" + V, body("quote", OpenEnclaveReport.wrap(enclave), null, null, null));
        assertThat(errorCode(oeToSgx)).isEqualTo("EvidenceMalformed");
        assertThat(json(oeToSgx).path("error").path("message").asString()).contains("/attest/OpenEnclave");

        var bareToOe = fx.post("/attest/OpenEnclave" + V, body("report", enclave, null, null, null));
        assertThat(bareToOe.statusCode()).isEqualTo(400);
        assertThat(errorCode(bareToOe)).isEqualTo("EvidenceMalformed");
        assertThat(json(bareToOe).path("error").path("message").asString()).contains("OE_REPORT_VERSION");

        var oeInQuote = fx.post("/attest/OpenEnclave" + V, body("quote", OpenEnclaveReport.wrap(enclave), null, null, null));
        assertThat(errorCode(oeInQuote)).isEqualTo("InvalidParameter");

        var notBase64 = fx.post("/attest/TdxVm" + V, "{\"quote\":\"a+b/\"}");
        assertThat(errorCode(notBase64)).isEqualTo("InvalidBase64");

        byte[] truncated = Arrays.copyOf(td, 600);
        var cut = fx.post("/attest/TdxVm" + V, body("quote", truncated, null, null, null));
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(errorCode(cut)).isEqualTo("EvidenceMalformed");
        assertThat(cut.body()).doesNotContain("Exception").doesNotContain("at dev.trustplane");
    }

    @Test
    void a_quote_whose_platform_has_no_cached_collateral_is_refused() throws Exception {
        byte[] quote = SIM.generate(DcapSpec.sgx().fmspc(HEX.parseHex("112233445566"))).quote();
        var res = fx.post("/attest/SgxEnclave" + V, body("quote", quote, null, null, null));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("EvidenceCollateralUnavailable");
        assertThat(json(res).path("error").path("message").asString()).contains("112233445566");
    }

    @Test
    void a_debug_enclave_is_genuine_but_a_policy_can_refuse_it() throws Exception {
        byte[] quote = sgx(true).quote();
        JWTClaimsSet c = token(fx.post("/attest/SgxEnclave" + V, body("quote", quote, null, null, null)));
        assertThat(c.getBooleanClaim("x-ms-sgx-is-debuggable")).isTrue();

        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(body("quote", quote, null, null, null));
        body.put("draftPolicyForAttestation", "version=1.0; authorizationrules { [type==\"x-ms-sgx-is-debuggable\", "
                + "value==false] => permit(); }; issuancerules { };");
        var res = fx.post("/attest/SgxEnclave" + V, body.toString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("PolicyEvaluationDenied");
    }
}
