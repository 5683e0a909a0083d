package dev.trustplane.server.attestation;

import dev.trustplane.common.testing.ManualClock;
import static dev.trustplane.server.attestation.AttestFixture.V;
import static dev.trustplane.server.attestation.AttestFixture.errorCode;
import static dev.trustplane.server.attestation.AttestFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.simulator.SnpSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator limits: token lifetime, and the per-address throttle of anonymous attest calls. */
class AttestLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void throttled_calls_get_429_with_retry_after_and_reach_neither_appraisal_nor_ledger() throws Exception {
        var settings = AttestationSettings.defaults().withTokenLifetime(Duration.ofMinutes(15)).withAttestLimit(1, 2);
        try (var fx = new AttestFixture(dataDir, AttestSevSnpVmTest.SIM.roots().trustProfile(), settings)) {
            String body = AttestSevSnpVmTest.body(AttestSevSnpVmTest.evidence(new SnpSpec()), null);
            var first = fx.post("/attest/SevSnpVm" + V, body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            var claims = fx.verify(json(first).path("token").asString());
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(15 * 60_000L);
            assertThat(fx.post("/attest/SevSnpVm" + V, body).statusCode()).isEqualTo(200);
            long ledgerSize = Long.parseLong(fx.client.get("/ledger/checkpoint", null).body().split("\n")[1]);

            var third = fx.post("/attest/SevSnpVm" + V, body);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(errorCode(third)).isEqualTo("TooManyRequests");
            assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(Long.parseLong(fx.client.get("/ledger/checkpoint", null).body().split("\n")[1])).isEqualTo(ledgerSize);
            // Other routes are not throttled.
            assertThat(fx.client.get("/certs", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_bucket_refills_at_the_sustained_rate_and_addresses_are_independent() {
        var clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
        var throttle = new AttestThrottle(60, 2, clock);
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).contains(Duration.ofSeconds(1));
        assertThat(throttle.acquire("b")).isEmpty();
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.acquire("a")).contains(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.acquire("a")).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isPresent();
        assertThat(new AttestThrottle(0, 1, clock).acquire("a")).as("0 = unlimited").isEmpty();
    }

    @Test
    void settings_are_validated_with_precise_messages() {
        assertThatThrownBy(() -> AttestationSettings.defaults().withTokenLifetime(Duration.ofSeconds(5)))
                .hasMessageContaining("between 1 minute and 7 days");
        assertThatThrownBy(() -> AttestationSettings.defaults().withAttestLimit(-1, 1)).hasMessageContaining("attest rate");
        assertThatThrownBy(() -> AttestationSettings.defaults().withAttestLimit(10, 0)).hasMessageContaining("attest burst");
    }

}
