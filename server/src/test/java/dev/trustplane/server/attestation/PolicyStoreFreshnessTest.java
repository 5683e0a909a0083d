package dev.trustplane.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.common.testing.ManualClock;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What attestation reads as the policy in force: a write through this replica applies to the next call at once; a
 * write through another replica on the same database within {@link PolicyStore#FRESH_FOR_MILLIS}.
 */
class PolicyStoreFreshnessTest {
    private static final AttestationType TYPE = AttestationType.SEV_SNP_VM;
    private static final AttestationPolicy DENY = AttestationPolicy.parse(
            "version=1.0; authorizationrules { => deny(); }; issuancerules { };");

    @TempDir
    Path dir;

    private Store store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:00:00Z"));
    private PolicyStore here;
    private PolicyStore otherReplica;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir);
        here = new PolicyStore(store, clock);
        otherReplica = new PolicyStore(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_change_through_this_replica_applies_at_once() {
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DefaultPolicies.of(TYPE).hash());
        here.put(TYPE, DENY, Optional.empty(), Optional.empty());
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DENY.hash());
        here.reset(TYPE);
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DefaultPolicies.of(TYPE).hash());
    }

    @Test
    void a_change_through_another_replica_applies_within_the_freshness_bound() {
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DefaultPolicies.of(TYPE).hash());
        otherReplica.put(TYPE, DENY, Optional.empty(), Optional.empty());
        assertThat(here.inForce(TYPE).policy().hash()).as("read less than the bound ago").isEqualTo(DefaultPolicies.of(TYPE).hash());
        assertThat(here.stored(TYPE).policy().hash()).as("the administration routes read the store").isEqualTo(DENY.hash());
        clock.advance(Duration.ofMillis(PolicyStore.FRESH_FOR_MILLIS));
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DENY.hash());
    }

    @Test
    void a_clock_set_back_reads_the_store() {
        here.inForce(TYPE);
        otherReplica.put(TYPE, DENY, Optional.empty(), Optional.empty());
        clock.advance(Duration.ofSeconds(-60));
        assertThat(here.inForce(TYPE).policy().hash()).isEqualTo(DENY.hash());
    }
}
