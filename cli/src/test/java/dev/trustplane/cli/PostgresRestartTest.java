package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.testing.RestartablePostgres;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Three {@code trustplane serve} processes under the mixed load of {@link ClusterLoad} while their PostgreSQL
 * server is shut down (fast shutdown: sessions cut, transactions in flight rolled back) and started again on the
 * same port and data directory. Afterwards: nothing acknowledged was lost, every replica answers {@code /readyz}
 * with 200 again without being restarted (its connection pools reconnect, its ledger integrator recovers from the
 * failed commits), and client errors fell only in the outage: between the shutdown and the moment the last replica
 * was ready again, all of them 503 (the database is unavailable: retry), never a 500.
 */
@ResourceLock(ReplicasKillTest.REPLICAS)
class PostgresRestartTest {
    @TempDir
    Path dir;

    @Test
    void restarting_postgresql_under_load_loses_no_acknowledged_write_and_replicas_recover_by_themselves() throws Exception {
        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("postgres"))) {
            PostgresUrl url = pg.createDatabase();
            try (ReplicaCluster cluster = ReplicaCluster.start(dir, TestStores.parseableLocation(url));
                    ClusterLoad load = ClusterLoad.start(cluster)) {
                long[] pids = IntStream.range(0, ReplicaCluster.SIZE).mapToLong(i -> cluster.replica(i).pid()).toArray();
                Thread.sleep(3000);

                long outageStart = System.nanoTime();
                pg.stop();
                // The replicas notice: /readyz fails on all of them.
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> IntStream.range(0, ReplicaCluster.SIZE).noneMatch(i -> cluster.replica(i).ready()));
                double noticed = (System.nanoTime() - outageStart) / 1e9;
                Thread.sleep(2000);
                pg.restart();
                long restartedAt = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> IntStream.range(0, ReplicaCluster.SIZE).allMatch(i -> cluster.replica(i).ready()));
                long recovered = System.nanoTime();
                int ackedBefore = load.acknowledged();
                Thread.sleep(4000); // load on the recovered replicas
                load.stop();

                System.out.printf("PostgreSQL restarted: %s; replicas not ready after %.1f s, ready again %.1f s after the "
                        + "restart, outage %.1f s%n", load.summary(), noticed, (recovered - restartedAt) / 1e9,
                        (recovered - outageStart) / 1e9);
                load.errors.forEach(e -> System.out.println("  " + e));
                for (int i = 0; i < ReplicaCluster.SIZE; i++) {
                    assertThat(cluster.replica(i).pid()).as("replica %d was not restarted", i).isEqualTo(pids[i]);
                }
                assertThat(load.errors).as("client errors outside the outage").allMatch(
                        e -> e.startedNanos() < recovered && e.endedNanos() > outageStart);
                assertThat(load.errors).as("the outage was seen by clients").isNotEmpty();
                assertThat(load.errors).as("503 (retry later) for every request the outage failed")
                        .allMatch(e -> e.kind().startsWith("HTTP 503"));
                assertThat(load.acknowledged()).as("writes acknowledged after the recovery").isGreaterThan(ackedBefore);
                assertThat(load.ackedReleases).isNotEmpty();
                assertThat(load.signs.get()).isPositive();
                load.assertNothingLost(url, dir);
            }
        }
    }
}
