package dev.trustplane.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.kms.KeyCacheSettings;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.common.testing.ManualClock;
import dev.trustplane.kms.SecretBytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The opened-key cache on its own: reuse, TTL, size bound, sealed-blob keying, eviction, and that dropped
 * material is zeroed — but never under an operation still using it.
 */
class OpenedKeysTest {
    static final byte[] BLOB = {1, 2, 3};
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:00:00Z"));
    /** Every key the opener made, in order, so tests can see which were reused and which were destroyed. */
    final List<SecretBytes> opened = new ArrayList<>();
    final Supplier<OpenedKey> opener = () -> {
        var k = SecretBytes.copyOf(new byte[32]);
        opened.add(k);
        return OpenedKey.of(new KeyMaterial.Oct(k));
    };

    OpenedKeys cache(int size, Duration ttl) {
        return new OpenedKeys(new KeyCacheSettings(size, ttl), clock);
    }

    void use(OpenedKeys cache, String name, String version, byte[] sealed) {
        cache.use(name, version, sealed, opener, k -> k.material().toString());
    }

    @Test
    void a_version_is_opened_once_and_reused_within_its_ttl() {
        var cache = cache(8, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            use(cache, "k", "v1", BLOB);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().isDestroyed()).isFalse();
    }

    @Test
    void after_the_ttl_the_version_is_opened_again_and_the_old_material_destroyed() {
        var cache = cache(8, Duration.ofMinutes(5));
        use(cache, "k", "v1", BLOB);
        clock.advance(Duration.ofMinutes(5));
        use(cache, "k", "v1", BLOB);
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).isDestroyed()).isTrue();
        assertThat(opened.get(1).isDestroyed()).isFalse();
    }

    @Test
    void the_sweep_destroys_expired_material_of_idle_keys() {
        var cache = cache(8, Duration.ofMinutes(5));
        use(cache, "k", "v1", BLOB);
        clock.advance(Duration.ofMinutes(4));
        cache.dropExpired();
        assertThat(cache.size()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        cache.dropExpired();
        assertThat(cache.size()).isZero();
        assertThat(opened.getFirst().isDestroyed()).isTrue();
    }

    @Test
    void a_different_sealed_blob_for_the_same_version_never_hits_the_old_entry() {
        var cache = cache(8, Duration.ofMinutes(5));
        use(cache, "k", "v1", BLOB);
        use(cache, "k", "v1", new byte[] {1, 2, 4}); // e.g. restored or re-sealed on another replica
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).isDestroyed()).isTrue();
        use(cache, "k", "v1", new byte[] {1, 2, 4});
        assertThat(opened).hasSize(2);
    }

    @Test
    void size_zero_or_ttl_zero_opens_for_each_operation_and_destroys_after_it() {
        for (var off : List.of(cache(0, Duration.ofMinutes(5)), cache(8, Duration.ZERO),
                new OpenedKeys(KeyCacheSettings.off(), clock))) {
            opened.clear();
            use(off, "k", "v1", BLOB);
            use(off, "k", "v1", BLOB);
            assertThat(opened).hasSize(2).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
            assertThat(off.size()).isZero();
        }
    }

    @Test
    void the_least_recently_used_version_goes_first_when_full() {
        var cache = cache(2, Duration.ofMinutes(5));
        use(cache, "a", "v1", BLOB);
        use(cache, "b", "v1", BLOB);
        use(cache, "a", "v1", BLOB); // a is now more recent than b
        use(cache, "c", "v1", BLOB);
        assertThat(cache.held()).containsExactlyInAnyOrder("a/v1", "c/v1");
        assertThat(opened.get(1).isDestroyed()).isTrue(); // b's
        assertThat(opened.get(0).isDestroyed()).isFalse();
    }

    @Test
    void evicting_a_name_destroys_all_its_versions_and_nothing_else() {
        var cache = cache(8, Duration.ofMinutes(5));
        use(cache, "k", "v1", BLOB);
        use(cache, "k", "v2", BLOB);
        use(cache, "other", "v1", BLOB);
        cache.evict("k");
        assertThat(cache.held()).containsExactly("other/v1");
        assertThat(opened.get(0).isDestroyed()).isTrue();
        assertThat(opened.get(1).isDestroyed()).isTrue();
        assertThat(opened.get(2).isDestroyed()).isFalse();
    }

    @Test
    void material_evicted_during_an_operation_is_destroyed_only_when_that_operation_ends() {
        var cache = cache(8, Duration.ofMinutes(5));
        boolean[] aliveDuring = new boolean[1];
        cache.use("k", "v1", BLOB, opener, k -> {
            cache.evict("k"); // as a concurrent disable would
            aliveDuring[0] = !opened.getFirst().isDestroyed();
            return k.material().toString();
        });
        assertThat(aliveDuring[0]).isTrue();
        assertThat(opened.getFirst().isDestroyed()).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void an_opened_key_never_shows_its_material() {
        var cache = cache(8, Duration.ofMinutes(5));
        String shown = cache.use("k", "v1", BLOB, opener, OpenedKey::toString);
        assertThat(shown).isEqualTo("OpenedKey[redacted]");
    }
}
