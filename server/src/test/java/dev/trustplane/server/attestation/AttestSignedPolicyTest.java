package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.attestation.ManagementCertificates;
import dev.trustplane.attestation.PolicyHash;
import dev.trustplane.attestation.testing.TestSigner;
import dev.trustplane.simulator.SnpSpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MAA's isolated mode over HTTPS with real RSA signatures: signed policies, the policy-management certificate set
 * (bootstrap by proof of possession, add, remove, never the last), refusal of unsigned changes once a certificate
 * is registered, {@code x-ms-policy-signer} in policy and attestation tokens, and every change on the ledger.
 */
class AttestSignedPolicyTest {
    static final String POLICY = """
            version=1.0;
            authorizationrules { => permit(); };
            issuancerules { => issue(type="signed-by", value="alice"); };
            """;

    @TempDir
    Path dataDir;
    AttestFixture fx;
    TestSigner alice;
    TestSigner bob;

    @BeforeEach
    void start() throws Exception {
        fx = new AttestFixture(dataDir, AttestSevSnpVmTest.SIM.roots().trustProfile());
        alice = TestSigner.rsa("alice");
        bob = TestSigner.rsa("bob");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static String policyPayload(String text) {
        return "{\"AttestationPolicy\":\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    static String certificateBody(TestSigner subject, TestSigner signer) throws Exception {
        String payload = "{\"policyCertificate\":{\"kty\":\"X.509\",\"x5c\":[\""
                + Base64.getEncoder().encodeToString(subject.certificate().getEncoded()) + "\"]}}";
        return "\"" + signer.sign(JWSAlgorithm.RS256, payload) + "\"";
    }

    HttpResponse<String> certificates(String action, String body) throws Exception {
        return fx.client.post("/certificates:" + action + V, fx.adminToken, "application/json", body);
    }

    List<String> registeredThumbprints() throws Exception {
        var res = fx.client.get("/certificates" + V, fx.adminToken);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        Map<String, Object> set = fx.verify(json(res).path("token").asString()).getJSONObjectClaim("x-ms-policy-certificates");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) set.get("keys");
        return keys.stream().map(k -> (String) k.get("kid")).toList();
    }

    @Test
    void a_signed_policy_names_its_signer_in_policy_and_attestation_tokens() throws Exception {
        String jws = alice.sign(JWSAlgorithm.RS256, policyPayload(POLICY));
        var put = fx.putPolicy("SevSnpVm", jws, fx.adminToken);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        var result = fx.verify(json(put).path("token").asString());
        assertThat(result.getStringClaim("x-ms-policy-result")).isEqualTo("Updated");
        assertThat(result.getJSONObjectClaim("x-ms-policy-signer")).containsEntry("kid", ManagementCertificates.thumbprint(alice.certificate()));
        assertThat(result.getStringClaim("x-ms-policy-token-hash")).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(jws.getBytes(StandardCharsets.UTF_8))));

        var get = fx.verify(json(fx.client.get("/policies/SevSnpVm" + V, fx.adminToken)).path("token").asString());
        assertThat(get.getStringClaim("x-ms-policy")).as("the signed upload is returned as signed").isEqualTo(jws);

        var ok = fx.post("/attest/SevSnpVm" + V, AttestSevSnpVmTest.body(AttestSevSnpVmTest.evidence(new SnpSpec()), null));
        var claims = fx.verify(json(ok).path("token").asString());
        assertThat(claims.getStringClaim("signed-by")).isEqualTo("alice");
        assertThat(claims.getStringClaim("x-ms-policy-hash")).isEqualTo(PolicyHash.of(POLICY));
        @SuppressWarnings("unchecked")
        List<String> x5c = (List<String>) claims.getJSONObjectClaim("x-ms-policy-signer").get("x5c");
        assertThat(Base64.getDecoder().decode(x5c.getFirst())).isEqualTo(alice.certificate().getEncoded());
        assertThat(fx.lastDecision().fields()).containsEntry("verdict", "permitted");
    }

    @Test
    void once_a_certificate_is_registered_only_its_signatures_change_policies() throws Exception {
        // Bootstrap: the first certificate must sign its own addition.
        var foreign = certificates("add", certificateBody(alice, bob));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(errorCode(foreign)).isEqualTo("InvalidCertificateRequest");
        var first = certificates("add", certificateBody(alice, alice));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var added = fx.verify(json(first).path("token").asString());
        assertThat(added.getStringClaim("x-ms-certificate-thumbprint")).isEqualTo(ManagementCertificates.thumbprint(alice.certificate()));
        assertThat(added.getStringClaim("x-ms-policycertificates-result")).isEqualTo("IsPresent");
        assertThat(fx.lastDecision().type()).isEqualTo("attestation.policy-certificate-added");
        assertThat(registeredThumbprints()).containsExactly(ManagementCertificates.thumbprint(alice.certificate()));

        // Isolated mode: unsigned and foreign-signed uploads are refused, and so is an unsigned reset.
        var unsigned = fx.putPolicy("SevSnpVm", AttestFixture.unsignedPolicy(POLICY), fx.adminToken);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(json(unsigned).path("error").path("message").asString()).contains("unsigned policy is refused");
        var byBob = fx.putPolicy("SevSnpVm", bob.sign(JWSAlgorithm.RS256, policyPayload(POLICY)), fx.adminToken);
        assertThat(json(byBob).path("error").path("message").asString()).contains("not a registered policy-management certificate");
        var resetUnsigned = fx.client.post("/policies/SevSnpVm:reset" + V, fx.adminToken, "text/plain", "eyJhbGciOiJub25lIn0..");
        assertThat(resetUnsigned.statusCode()).isEqualTo(400);
        assertThat(fx.client.get("/policies/SevSnpVm" + V, fx.adminToken).headers().firstValue("x-ms-policy-hash"))
                .contains(DefaultPolicies.of(AttestationType.SEV_SNP_VM).hash());
        // The bearer permission is still needed on top of the signature.
        assertThat(fx.putPolicy("SevSnpVm", alice.sign(JWSAlgorithm.RS256, policyPayload(POLICY)), null).statusCode()).isEqualTo(401);

        // Alice adds Bob; Bob's signatures now count.
        assertThat(certificates("add", certificateBody(bob, alice)).statusCode()).isEqualTo(200);
        var put = fx.putPolicy("SevSnpVm", bob.sign(JWSAlgorithm.RS256, policyPayload(POLICY)), fx.adminToken);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(fx.lastDecision().fields()).containsEntry("signerThumbprint", ManagementCertificates.thumbprint(bob.certificate()));
        var reset = fx.client.post("/policies/SevSnpVm:reset" + V, fx.adminToken, "text/plain", bob.sign(JWSAlgorithm.RS256, ""));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(fx.verify(json(reset).path("token").asString()).getStringClaim("x-ms-policy-result")).isEqualTo("Removed");

        // Bob removes Alice; Bob, the last one, cannot be removed.
        var removed = certificates("remove", certificateBody(alice, bob));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(fx.verify(json(removed).path("token").asString()).getStringClaim("x-ms-policycertificates-result")).isEqualTo("IsAbsent");
        assertThat(fx.lastDecision().type()).isEqualTo("attestation.policy-certificate-removed");
        assertThat(registeredThumbprints()).containsExactly(ManagementCertificates.thumbprint(bob.certificate()));
        var last = certificates("remove", certificateBody(bob, bob));
        assertThat(last.statusCode()).isEqualTo(409);
        // Alice, no longer registered, can no longer sign.
        assertThat(certificates("add", certificateBody(alice, alice)).statusCode()).isEqualTo(400);
    }

    @Test
    void a_tampered_signed_policy_is_refused_and_nothing_changes() throws Exception {
        assertThat(certificates("add", certificateBody(alice, alice)).statusCode()).isEqualTo(200);
        String[] parts = alice.sign(JWSAlgorithm.RS256, policyPayload(POLICY)).split("\\.");
        String other = Base64.getUrlEncoder().withoutPadding().encodeToString(policyPayload("version=1.0; authorizationrules { => deny(); };")
                .getBytes(StandardCharsets.UTF_8));
        var res = fx.putPolicy("SevSnpVm", parts[0] + "." + other + "." + parts[2], fx.adminToken);
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res).path("error").path("message").asString()).contains("does not verify");
        assertThat(fx.lastDecision().type()).isEqualTo("attestation.policy-certificate-added");
        var stored = fx.verify(json(fx.client.get("/policies/SevSnpVm" + V, fx.adminToken)).path("token").asString());
        assertThat(JWTParser.parse(stored.getStringClaim("x-ms-policy")).getHeader().getAlgorithm().getName()).isEqualTo("none");
        var garbage = certificates("add", "\"not.a.jws\"");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(errorCode(garbage)).isEqualTo("InvalidCertificateRequest");
        assertThat(fx.client.get("/certificates" + V, null).statusCode()).isEqualTo(401);
    }
}
