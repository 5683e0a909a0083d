package dev.trustplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leases on both engines: one holder at a time, renewal keeps the holder, expiry and release hand over, and
 * several stores on one database (replicas) racing for the same lease never both win.
 */
class LeasesTest {
    @TempDir
    Path dir;

    private StoreUrl fresh(String engine) {
        return engine.equals("sqlite") ? TestStores.freshSqliteUrl(dir) : TestStores.freshPostgresUrl();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void one_holder_at_a_time_and_renewal_keeps_it(String engine) {
        try (Store store = Store.open(fresh(engine), dir)) {
            Leases leases = Leases.open(store);
            var first = leases.tryAcquire("kms.purge", "replica-a", Duration.ofMinutes(1)).orElseThrow();
            assertThat(first.holder()).isEqualTo("replica-a");
            assertThat(first.expiresAt()).isAfter(first.acquiredAt());

            assertThat(leases.tryAcquire("kms.purge", "replica-b", Duration.ofMinutes(1))).isEmpty();
            assertThat(leases.find("kms.purge").orElseThrow().holder()).isEqualTo("replica-a");

            var renewed = leases.tryAcquire("kms.purge", "replica-a", Duration.ofMinutes(2)).orElseThrow();
            assertThat(renewed.acquiredAt()).isEqualTo(first.acquiredAt());
            assertThat(renewed.expiresAt()).isAfter(first.expiresAt());

            // Another lease name is independent.
            assertThat(leases.tryAcquire("kms.rotation", "replica-b", Duration.ofMinutes(1))).isPresent();
            assertThat(leases.list()).extracting(Leases.Lease::name, Leases.Lease::holder)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kms.purge", "replica-a"),
                            org.assertj.core.groups.Tuple.tuple("kms.rotation", "replica-b"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void an_expired_lease_passes_to_the_next_claimant(String engine) throws InterruptedException {
        try (Store store = Store.open(fresh(engine), dir)) {
            Leases leases = Leases.open(store);
            var old = leases.tryAcquire("kms.purge", "replica-a", Duration.ofMillis(300)).orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!leases.databaseTime().isAfter(old.expiresAt()) && System.nanoTime() < deadline) {
                Thread.sleep(50); // wait on the database's clock, the one expiry is measured by
            }
            var taken = leases.tryAcquire("kms.purge", "replica-b", Duration.ofMinutes(1)).orElseThrow();
            assertThat(taken.holder()).isEqualTo("replica-b");
            assertThat(taken.acquiredAt()).isAfter(old.acquiredAt());
            assertThat(leases.tryAcquire("kms.purge", "replica-a", Duration.ofMinutes(1)))
                    .as("the former holder cannot renew a lease it lost").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void release_hands_over_at_once_and_only_the_holder_can_release(String engine) {
        try (Store store = Store.open(fresh(engine), dir)) {
            Leases leases = Leases.open(store);
            leases.tryAcquire("kms.rotation", "replica-a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(leases.release("kms.rotation", "replica-b")).isFalse();
            assertThat(leases.find("kms.rotation").orElseThrow().holder()).isEqualTo("replica-a");
            assertThat(leases.release("kms.rotation", "replica-a")).isTrue();
            assertThat(leases.find("kms.rotation")).isEmpty();
            assertThat(leases.tryAcquire("kms.rotation", "replica-b", Duration.ofMinutes(5))).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void racing_replicas_never_both_win(String engine) throws Exception {
        StoreUrl url = fresh(engine);
        int replicas = 4;
        List<Store> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            for (int i = 0; i < replicas; i++) {
                stores.add(Store.open(url, dir));
            }
            List<Leases> leases = stores.stream().map(Leases::open).toList();
            for (int round = 0; round < 20; round++) {
                String name = "race-" + round;
                var barrier = new CyclicBarrier(replicas);
                List<Future<Optional<Leases.Lease>>> results = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    Leases mine = leases.get(i);
                    String holder = "replica-" + i;
                    results.add(pool.submit((Callable<Optional<Leases.Lease>>) () -> {
                        barrier.await();
                        return mine.tryAcquire(name, holder, Duration.ofMinutes(1));
                    }));
                }
                List<String> winners = new ArrayList<>();
                for (var r : results) {
                    r.get().ifPresent(l -> winners.add(l.holder()));
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(leases.getFirst().find(name).orElseThrow().holder()).isEqualTo(winners.getFirst());
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(Store::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void malformed_names_holders_and_lifetimes_are_refused(String engine) {
        try (Store store = Store.open(fresh(engine), dir)) {
            Leases leases = Leases.open(store);
            assertThatThrownBy(() -> leases.tryAcquire("Bad Name", "a", Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease name");
            assertThatThrownBy(() -> leases.tryAcquire("ok", "", Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holder");
            assertThatThrownBy(() -> leases.tryAcquire("ok", "a", Duration.ofMillis(5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 100 ms");
            assertThat(leases.list()).isEmpty();
        }
    }
}
