package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.SnpSpec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ?explain=true}: which rule decided and why; who may ask; draft-policy tokens that no one can trust. */
class AttestExplainTest {
    static final String DENY_DEBUG = """
            version=1.0;
            authorizationrules
            {
                [type=="x-ms-sevsnpvm-is-debuggable", value==true] => deny();
                => permit();
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

    static String body(boolean debug, String draft) {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(AttestSevSnpVmTest.body(
                AttestSevSnpVmTest.evidence(new SnpSpec().debug(debug)), null));
        if (draft != null) {
            body.put("draftPolicyForAttestation", draft);
        }
        return body.toString();
    }

    HttpResponse<String> attest(String query, String body, String token) throws Exception {
        return fx.client.send(fx.client.request("/attest/SevSnpVm" + V + query, token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void a_draft_policy_is_explained_to_anyone_and_its_token_is_unsigned() throws Exception {
        var res = attest("&explain=true", body(false, DENY_DEBUG), null);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode explanation = json(res).path("explanation");
        assertThat(explanation.path("summary").asString()).contains("authorizationrules line 5");
        JsonNode first = explanation.path("rules").get(0);
        assertThat(first.path("section").asString()).isEqualTo("authorizationrules");
        assertThat(first.path("line").asInt()).isEqualTo(4);
        assertThat(first.path("outcome").asString()).isEqualTo("not_matched");
        assertThat(first.path("detail").asString()).contains("x-ms-sevsnpvm-is-debuggable");
        assertThat(explanation.path("rules").get(1).path("outcome").asString()).isEqualTo("fired");

        String token = json(res).path("token").asString();
        assertThat(JWTParser.parse(token)).isInstanceOf(PlainJWT.class);
        assertThat(JWTParser.parse(token).getJWTClaimsSet().getStringClaim("x-ms-attestation-type")).isEqualTo("sevsnpvm");
        assertThatThrownBy(() -> fx.verify(token)).as("no relying party may accept a draft-policy token").isInstanceOf(Exception.class);
    }

    @Test
    void a_denial_is_explained_beside_the_error() throws Exception {
        var res = attest("&explain=true", body(true, DENY_DEBUG), null);
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(errorCode(res)).isEqualTo("PolicyEvaluationDenied");
        JsonNode rules = json(res).path("explanation").path("rules");
        assertThat(rules.get(0).path("outcome").asString()).isEqualTo("fired");
        assertThat(rules.get(0).path("detail").asString()).contains("deny()");
        assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied");
    }

    @Test
    void explaining_the_stored_policy_needs_permission_to_read_it() throws Exception {
        var anonymous = attest("&explain=true", body(false, null), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        var forged = attest("&explain=true", body(false, null), "not-a-token");
        assertThat(forged.statusCode()).isEqualTo(401);
        var admin = attest("&explain=true", body(false, null), fx.adminToken);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(json(admin).path("explanation").path("summary").asString()).startsWith("permitted");
        assertThat(fx.verify(json(admin).path("token").asString()).getStringClaim("x-ms-attestation-type")).isEqualTo("sevsnpvm");
        var plain = attest("", body(false, null), null);
        assertThat(json(plain).has("explanation")).isFalse();
        assertThat(errorCode(attest("&explain=maybe", body(false, null), null))).isEqualTo("InvalidExplain");
    }
}
