package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTParser;
import dev.trustplane.attestation.PolicyHash;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SnpSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies: set with an unsigned JWT, read back as MAA returns them, and enforced on attest. */
class AttestPolicyTest {
    static final String DENY_DEBUG = """
            version=1.0;
            authorizationrules
            {
                [type=="x-ms-sevsnpvm-is-debuggable", value==true] => deny();
                => permit();
            };
            issuancerules
            {
                => issue(type="custom-claim", value="from-policy");
            };
            """;

    @TempDir
    static Path dataDir;
    static AttestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AttestFixture(dataDir, AttestSevSnpVmTest.SIM.roots().trustProfile());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void a_deny_policy_refuses_debuggable_vms_naming_the_rule_and_issues_its_claims_otherwise() throws Exception {
        var put = fx.putPolicy("SevSnpVm", AttestFixture.unsignedPolicy(DENY_DEBUG), fx.adminToken);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("x-ms-policy-hash")).contains(PolicyHash.of(DENY_DEBUG));
        assertThat(fx.verify(json(put).path("token").asString()).getStringClaim("x-ms-policy-result")).isEqualTo("Updated");

        var get = fx.client.get("/policies/SevSnpVm" + V, fx.adminToken);
        assertThat(get.statusCode()).isEqualTo(200);
        var outer = fx.verify(json(get).path("token").asString());
        var inner = JWTParser.parse(outer.getStringClaim("x-ms-policy")).getJWTClaimsSet();
        assertThat(new Base64URL(inner.getStringClaim("AttestationPolicy")).decodeToString()).isEqualTo(DENY_DEBUG);

        var debug = AttestSevSnpVmTest.evidence(new SnpSpec().debug(true));
        var denied = fx.post("/attest/SevSnpVm" + V, AttestSevSnpVmTest.body(debug, null));
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(errorCode(denied)).isEqualTo("PolicyEvaluationDenied");
        assertThat(json(denied).path("error").path("message").asString()).contains("authorizationrules line 4");
        Map<String, Object> record = fx.lastDecision().fields();
        assertThat(record).containsEntry("verdict", "denied").containsEntry("policyHash", PolicyHash.of(DENY_DEBUG));

        var ok = fx.post("/attest/SevSnpVm" + V, AttestSevSnpVmTest.body(AttestSevSnpVmTest.evidence(new SnpSpec()), null));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        var claims = fx.verify(json(ok).path("token").asString());
        assertThat(claims.getStringClaim("custom-claim")).isEqualTo("from-policy");
        assertThat(claims.getStringClaim("x-ms-policy-hash")).isEqualTo(PolicyHash.of(DENY_DEBUG));
    }

    @Test
    void reset_goes_back_to_the_default_policy() throws Exception {
        assertThat(fx.putPolicy("AzureCvm", AttestFixture.unsignedPolicy(DENY_DEBUG), fx.adminToken).statusCode()).isEqualTo(200);
        var reset = fx.client.post("/policies/AzureCvm:reset" + V, fx.adminToken, "application/json", "");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        var hash = dev.trustplane.attestation.DefaultPolicies.of(dev.trustplane.attestation.AttestationType.AZURE_CVM).hash();
        assertThat(fx.client.get("/policies/AzureCvm" + V, fx.adminToken).headers().firstValue("x-ms-policy-hash")).contains(hash);
        assertThat(fx.client.post("/policies/AzureCvm:reset" + V, null, "application/json", "").statusCode()).isEqualTo(401);
    }

    @Test
    void policy_writes_need_the_permission_and_a_parsing_unsigned_jwt() throws Exception {
        var anonymous = fx.putPolicy("SevSnpVm", AttestFixture.unsignedPolicy(DENY_DEBUG), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        var broken = fx.putPolicy("SevSnpVm", AttestFixture.unsignedPolicy("version=1.0; authorizationrules {"), fx.adminToken);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(errorCode(broken)).isEqualTo("InvalidPolicy");
        var text = fx.putPolicy("SevSnpVm", DENY_DEBUG, fx.adminToken);
        assertThat(errorCode(text)).isEqualTo("InvalidPolicyForm");
        var unknown = fx.putPolicy("Nonsense", AttestFixture.unsignedPolicy(DENY_DEBUG), fx.adminToken);
        assertThat(errorCode(unknown)).isEqualTo("InvalidAttestationType");
    }

    @Test
    void a_draft_policy_is_evaluated_instead_of_the_stored_one() throws Exception {
        var ev = AttestSevSnpVmTest.evidence(new SnpSpec());
        var body = (tools.jackson.databind.node.ObjectNode) dev.trustplane.server.http.Json.MAPPER.readTree(
                MaaSnpRequest.body(ev, AttestSevSnpVmTest.RUNTIME));
        body.put("draftPolicyForAttestation", "version=1.0; authorizationrules { => deny(); };");
        var res = fx.post("/attest/SevSnpVm" + V, body.toString());
        assertThat(errorCode(res)).isEqualTo("PolicyEvaluationDenied");
        assertThat(fx.lastDecision().fields()).containsEntry("draftPolicy", true);
    }
}
