package dev.trustplane.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Leases;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background jobs on three "replicas" (each its own store pool on one PostgreSQL database): one runs each job
 * at a time; a replica that stops hands its jobs over at once, one that dies hands them over when its lease lapses.
 */
class LeasedJobsTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void one_replica_runs_each_job_and_the_others_take_over_when_it_stops_or_dies() throws Exception {
        StoreUrl url = TestStores.freshPostgresUrl();
        AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        Store[] stores = new Store[3];
        LeasedJobs[] replicas = new LeasedJobs[3];
        try {
            for (int i = 0; i < 3; i++) {
                stores[i] = Store.open(url, dir);
                AtomicInteger mine = runs[i];
                replicas[i] = LeasedJobs.start(Leases.open(stores[i]), "replica-" + i, INTERVAL,
                        List.of(new LeasedJobs.Job("test.job", () -> {
                            mine.incrementAndGet();
                            return 0;
                        })));
            }
            int first = awaitSingleHolder(replicas, -1);
            Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
            int idle = 0;
            for (int i = 0; i < 3; i++) {
                if (i != first) {
                    idle += runs[i].get();
                }
            }
            assertThat(idle).as("replicas without the lease never run the job").isZero();
            assertThat(runs[first].get()).isGreaterThanOrEqualTo(3);
            for (int i = 0; i < 3; i++) {
                if (i != first) {
                    assertThat(replicas[i].status().getFirst().holder()).contains("replica-" + first);
                }
            }

            // An orderly stop releases the lease: another replica takes over at its next tick.
            replicas[first].close();
            replicas[first] = null;
            int second = awaitSingleHolder(replicas, first);

            // A death (its database connections gone, nothing released): the lease lapses after three intervals.
            stores[second].close();
            int third = awaitSingleHolder(replicas, second);
            assertThat(third).isNotIn(first, second);
            int before = runs[third].get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs[third].get() > before);
        } finally {
            for (int i = 0; i < 3; i++) {
                if (replicas[i] != null) {
                    replicas[i].close();
                }
                if (stores[i] != null) {
                    stores[i].close();
                }
            }
        }
    }

    /** Waits until exactly one live replica other than {@code excluded} holds the lease; returns its index. */
    private static int awaitSingleHolder(LeasedJobs[] replicas, int excluded) {
        int[] holder = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int count = 0;
            for (int i = 0; i < replicas.length; i++) {
                if (i != excluded && replicas[i] != null && replicas[i].status().getFirst().held()) {
                    holder[0] = i;
                    count++;
                }
            }
            return count == 1;
        });
        return holder[0];
    }
}
