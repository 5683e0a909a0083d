package dev.trustplane.kms.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Release nonces are single-use on both stores, and expired ones are swept. */
class NonceRegistryTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_nonce_releases_once(String kind) {
        Supplier<Store> open = kind.equals("sqlite") ? TestStores::sqlite : TestStores::postgres;
        try (Store store = open.get()) {
            var registry = new NonceRegistry(store, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(registry.claim("n-1", NOW.plusSeconds(60))).isTrue();
            assertThat(registry.claim("n-1", NOW.plusSeconds(60))).isFalse();
            assertThat(registry.claim("n-2", NOW.plusSeconds(60))).isTrue();
            // A second registry on the same store (another replica) sees the same set.
            assertThat(new NonceRegistry(store, Clock.fixed(NOW, ZoneOffset.UTC)).claim("n-2", NOW)).isFalse();
        }
    }

    @Test
    void expired_nonces_are_swept() {
        try (Store store = TestStores.sqlite()) {
            var registry = new NonceRegistry(store, Clock.fixed(NOW, ZoneOffset.UTC));
            registry.claim("old", NOW.minusSeconds(1));
            for (int i = 0; i < NonceRegistry.SWEEP_EVERY; i++) {
                registry.claim("fresh-" + i, NOW.plusSeconds(60));
            }
            long left = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM skr_used_nonces WHERE expires_at < :now").bind("now", NOW.getEpochSecond())
                    .mapTo(Long.class).one());
            assertThat(left).isZero();
            assertThat(registry.claim("old", NOW.plusSeconds(60))).isTrue();
        }
    }
}
