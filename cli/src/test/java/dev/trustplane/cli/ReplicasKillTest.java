package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Three {@code trustplane serve} processes on one PostgreSQL database under the mixed load of {@link ClusterLoad}
 * (raw HTTPS creates, signs and ledger appends, attestation and Secure Key Release, the Azure SDK), while the
 * replica that runs the background jobs is killed with SIGKILL and restarted. Afterwards: nothing acknowledged was
 * lost (see {@link ClusterLoad#assertNothingLost}), the survivors took every background job over, and the only client
 * errors were connection failures to the killed replica.
 */
@ResourceLock(ReplicasKillTest.REPLICAS)
class ReplicasKillTest {
    /** The replica tests run one at a time: six replica JVMs at once would starve a small machine. */
    static final String REPLICAS = "trustplane-replicas";
    static final List<String> JOBS = List.of("kms.purge", "kms.rotation");

    @TempDir
    Path dir;

    @Test
    void killing_the_job_holder_under_load_loses_no_acknowledged_write() throws Exception {
        StoreUrl url = TestStores.freshPostgresUrl();
        try (ReplicaCluster cluster = ReplicaCluster.start(dir, TestStores.parseableLocation(url));
                ClusterLoad load = ClusterLoad.start(cluster)) {
            assertThat(cluster.jobHolders()).as("the first replica claimed the job leases")
                    .containsOnlyKeys(JOBS).allSatisfy((job, holder) -> assertThat(holder).isZero());
            Thread.sleep(3000);

            cluster.replica(0).kill();
            long killedAt = System.nanoTime();
            // Survivors take every job over once the dead holder's leases lapse (3 s here); each job has its own
            // lease, so the two survivors may share them.
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.jobHolders().keySet().containsAll(JOBS));
            double takeover = (System.nanoTime() - killedAt) / 1e9;

            cluster.replica(0).start(); // the same data dir and port: it rejoins
            cluster.awaitReady(0);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.inRotation(0));
            Thread.sleep(2000); // load on all three again
            load.stop();

            System.out.printf("replica killed: %s; jobs taken over after %.1f s%n", load.summary(), takeover);
            assertThat(load.errors).as("errors other than connection failures to the killed replica")
                    .allMatch(e -> e.connection() && e.replica() == 0);
            // Throughput depends on the machine; what must hold is that every kind of write happened.
            assertThat(load.ackedVersions).hasSizeGreaterThan(5);
            assertThat(load.ackedEntries).hasSizeGreaterThan(5);
            assertThat(load.ackedReleases).isNotEmpty();
            assertThat(load.signs.get()).isPositive();
            load.assertNothingLost(url, dir);
        }
    }
}
