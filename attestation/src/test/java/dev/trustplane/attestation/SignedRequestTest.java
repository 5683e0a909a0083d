package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.trustplane.attestation.testing.TestSigner;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed policy-management requests: real RSA and EC signatures, pinned algorithms, registered signers only. */
class SignedRequestTest {
    static TestSigner alice;
    static TestSigner bob;
    static TestSigner p384;

    @BeforeAll
    static void keys() throws Exception {
        alice = TestSigner.rsa("alice");
        bob = TestSigner.rsa("bob");
        p384 = TestSigner.ec("p384", "secp384r1");
    }

    @Test
    void a_registered_signer_verifies_and_yields_the_payload() throws Exception {
        String jws = alice.sign(JWSAlgorithm.RS256, "{\"AttestationPolicy\":\"x\"}");
        SignedRequest r = SignedRequest.verify(jws, List.of(bob.certificate(), alice.certificate()), false);
        assertThat(r.signer()).isEqualTo(alice.certificate());
        assertThat(r.payload()).isEqualTo("{\"AttestationPolicy\":\"x\"}");
        assertThat(SignedRequest.verify(alice.sign(JWSAlgorithm.PS384, "p"), List.of(alice.certificate()), false).payload())
                .isEqualTo("p");
        assertThat(SignedRequest.verify(p384.sign(JWSAlgorithm.ES384, "e"), List.of(p384.certificate()), false).signer())
                .isEqualTo(p384.certificate());
    }

    @Test
    void an_unregistered_signer_is_refused_unless_self_signed_requests_are_allowed() throws Exception {
        String jws = bob.sign(JWSAlgorithm.RS256, "{}");
        assertThatThrownBy(() -> SignedRequest.verify(jws, List.of(alice.certificate()), false))
                .isInstanceOf(PolicyUploadException.class)
                .hasMessageContaining("not a registered policy-management certificate")
                .hasMessageContaining(ManagementCertificates.thumbprint(bob.certificate()));
        assertThat(SignedRequest.verify(jws, List.of(), true).signer()).isEqualTo(bob.certificate());
    }

    @Test
    void a_tampered_payload_or_a_foreign_key_fails() throws Exception {
        String[] parts = alice.sign(JWSAlgorithm.RS256, "{\"a\":1}").split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"a\":2}".getBytes()) + "." + parts[2];
        assertThatThrownBy(() -> SignedRequest.verify(tampered, List.of(alice.certificate()), false))
                .hasMessageContaining("does not verify");
        // bob's signature presented under alice's certificate
        String[] bobs = bob.sign(JWSAlgorithm.RS256, "{\"a\":1}").split("\\.");
        String aliceHeader = parts[0];
        assertThatThrownBy(() -> SignedRequest.verify(aliceHeader + "." + bobs[1] + "." + bobs[2], List.of(alice.certificate()), false))
                .hasMessageContaining("does not verify");
    }

    @Test
    void the_algorithm_must_fit_the_key() throws Exception {
        // The header may not choose the check: a P-384 signature relabelled ES256, an RSA one relabelled HS256.
        String relabelled = withAlg(p384.sign(JWSAlgorithm.ES384, "x"), "ES256");
        assertThatThrownBy(() -> SignedRequest.verify(relabelled, List.of(p384.certificate()), false))
                .hasMessageContaining("ES256 does not fit the certificate's EC key");
        String hmac = withAlg(alice.sign(JWSAlgorithm.RS256, "x"), "HS256");
        assertThatThrownBy(() -> SignedRequest.verify(hmac, List.of(alice.certificate()), false))
                .hasMessageContaining("HS256 does not fit the certificate's RSA key");
    }

    /** Replaces the header's alg, keeping x5c, payload and signature. */
    private static String withAlg(String jws, String alg) throws Exception {
        String[] parts = jws.split("\\.");
        var header = new java.util.LinkedHashMap<String, Object>(com.nimbusds.jose.util.JSONObjectUtils.parse(
                new String(Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8)));
        header.put("alg", alg);
        String h = Base64.getUrlEncoder().withoutPadding().encodeToString(
                com.nimbusds.jose.util.JSONObjectUtils.toJSONString(header).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return h + "." + parts[1] + "." + parts[2];
    }

    @Test
    void malformed_requests_name_what_is_wrong() {
        assertThatThrownBy(() -> SignedRequest.verify("not a jws", List.of(), true)).hasMessageContaining("not a compact JWS");
        String noX5c = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln";
        assertThatThrownBy(() -> SignedRequest.verify(noX5c, List.of(), true)).hasMessageContaining("no x5c");
        String badX5c = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\",\"x5c\":[\"AAAA\"]}".getBytes())
                + ".e30.c2ln";
        assertThatThrownBy(() -> SignedRequest.verify(badX5c, List.of(), true)).hasMessageContaining("x5c[0] is not a DER X.509");
    }

    @Test
    void management_bodies_and_jwks_round_trip() throws Exception {
        Map<String, Object> jwk = ManagementCertificates.jwk(alice.certificate());
        assertThat(jwk).containsEntry("kty", "RSA").containsEntry("kid", ManagementCertificates.thumbprint(alice.certificate()));
        String body = "{\"policyCertificate\":{\"kty\":\"X.509\",\"x5c\":[\""
                + Base64.getEncoder().encodeToString(alice.certificate().getEncoded()) + "\"]}}";
        assertThat(ManagementCertificates.fromManagementBody(body)).isEqualTo(alice.certificate());
        assertThat(ManagementCertificates.thumbprint(alice.certificate())).hasSize(40)
                .isEqualTo(HexFormat.of().withUpperCase().formatHex(
                        java.security.MessageDigest.getInstance("SHA-1").digest(alice.certificate().getEncoded())));
        assertThatThrownBy(() -> ManagementCertificates.fromManagementBody("{\"policyCertificate\":{}}"))
                .hasMessageContaining("no x5c");
        assertThatThrownBy(() -> ManagementCertificates.fromManagementBody("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ManagementCertificates.fromManagementBody("{}")).hasMessageContaining("policyCertificate");
    }
}
