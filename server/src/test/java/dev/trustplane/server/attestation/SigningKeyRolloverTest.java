package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustplane.simulator.SnpSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token-signing key rollover over HTTPS: the new key appears in /certs, signs, and old tokens still verify. */
class SigningKeyRolloverTest {
    @TempDir
    Path dataDir;

    @Test
    void rollover_publishes_then_signs_with_the_new_key_and_old_tokens_keep_verifying() throws Exception {
        try (var fx = new AttestFixture(dataDir, AttestSevSnpVmTest.SIM.roots().trustProfile())) {
            String body = AttestSevSnpVmTest.body(AttestSevSnpVmTest.evidence(new SnpSpec()), null);
            String before = json(fx.post("/attest/SevSnpVm" + V, body)).path("token").asString();
            String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

            assertThat(fx.client.post("/admin/attestation/signing-keys:rollover?activate-in=0s", null, "application/json", "")
                    .statusCode()).isEqualTo(401);
            var res = fx.client.post("/admin/attestation/signing-keys:rollover?activate-in=0s", fx.adminToken, "application/json", "");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            String newKid = json(res).path("kid").asString();
            assertThat(fx.lastDecision().type()).isEqualTo("attestation.signing-key-rollover");
            assertThat(JWKSet.parse(fx.client.get("/certs", null).body()).getKeys()).extracting(k -> k.getKeyID())
                    .containsExactly(oldKid, newKid);

            Thread.sleep(1100); // activations are whole seconds; be past this one
            String after = json(fx.post("/attest/SevSnpVm" + V, body)).path("token").asString();
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
            assertThat(fx.verify(after).getStringClaim("x-ms-attestation-type")).isEqualTo("sevsnpvm");
            assertThat(fx.verify(before).getStringClaim("x-ms-attestation-type")).as("old tokens still verify").isEqualTo("sevsnpvm");
            var bad = fx.client.post("/admin/attestation/signing-keys:rollover?activate-in=soon", fx.adminToken, "application/json", "");
            assertThat(AttestFixture.errorCode(bad)).isEqualTo("InvalidDuration");
        }
    }
}
