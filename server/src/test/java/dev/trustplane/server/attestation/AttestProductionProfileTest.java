package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.simulator.SnpSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under the production profile simulator evidence is not genuine; the signing key persists across restarts. */
class AttestProductionProfileTest {
    @TempDir
    Path dataDir;

    @Test
    void simulated_evidence_is_refused_under_the_production_profile() throws Exception {
        try (var fx = new AttestFixture(dataDir, TrustProfile.production())) {
            var res = fx.post("/attest/SevSnpVm" + V, AttestSevSnpVmTest.body(AttestSevSnpVmTest.evidence(new SnpSpec()), null));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
            assertThat(errorCode(res)).isEqualTo("EvidenceChainInvalid");
            assertThat(fx.lastDecision().fields()).containsEntry("verdict", "denied").containsEntry("trustProfile", "production");
        }
    }

    @Test
    void the_signing_key_is_private_and_survives_a_restart() throws Exception {
        String kid;
        try (var fx = new AttestFixture(dataDir, TrustProfile.production())) {
            kid = AttestFixture.json(fx.client.get("/certs", null)).path("keys").get(0).path("kid").asString();
        }
        // The key lives in the store, sealed by the master key: no key file in the data dir.
        assertThat(dataDir.resolve("attestation/signing-key.pk8")).doesNotExist();
        try (var fx = new AttestFixture(dataDir, TrustProfile.production())) {
            assertThat(AttestFixture.json(fx.client.get("/certs", null)).path("keys").get(0).path("kid").asString())
                    .isEqualTo(kid);
        }
    }
}
