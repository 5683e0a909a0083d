package dev.trustplane.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.common.testing.ManualClock;
import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.ReleasePolicy;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key state cache: the crypto and release paths reuse a version's row for at most its freshness (1 s by
 * default). This replica's own changes apply to the very next call; another replica's (a second {@link DefaultKms}
 * on the same store) within the freshness, and at once with the cache off.
 */
class KeyStateCacheTest {
    static final byte[] DIGEST = new byte[32];
    static final Duration FRESHNESS = KmsConfig.DEFAULT_KEY_STATE_CACHE;
    static final String POLICY = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"https://a.example\",\"allOf\":"
            + "[{\"claim\":\"x-ms-isolation-tee.x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}]}]}";

    @TempDir
    Path dataDir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    Store store;
    MasterKeyProvider master;
    Kms kms;
    Kms replica;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dataDir);
        master = SealedFileMasterKey.openOrCreate(dataDir);
        kms = Kms.open(store, master, KmsConfig.defaults(), clock);
        replica = Kms.open(store, master, KmsConfig.defaults(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static KeyUpdate enabled(boolean on) {
        return new KeyUpdate(Optional.empty(), Optional.of(on), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static KeyUpdate keyOps(KeyOperation... ops) {
        return new KeyUpdate(Optional.of(List.of(ops)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static ReleasePolicy policy(String claimValue) {
        return new ReleasePolicy(null, false, POLICY.replace("sevsnpvm", claimValue).getBytes(StandardCharsets.UTF_8));
    }

    static void assertCode(Runnable call, KmsException.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    void sign(Kms on) {
        assertThat(on.sign("k", null, SignatureAlgorithm.RS256, DIGEST).value()).hasSize(256);
    }

    @Test
    void this_replicas_own_changes_apply_to_the_very_next_call() {
        KeyBundle key = kms.create("k", CreateKeyOptions.rsa(2048));
        sign(kms);
        kms.update("k", key.version(), enabled(false));
        assertCode(() -> sign(kms), KmsException.Code.FORBIDDEN);
        kms.update("k", key.version(), enabled(true));
        sign(kms);
        kms.update("k", key.version(), keyOps(KeyOperation.VERIFY));
        assertCode(() -> sign(kms), KmsException.Code.FORBIDDEN);
        kms.update("k", key.version(), keyOps(KeyOperation.SIGN, KeyOperation.VERIFY));
        sign(kms);
        KeyBundle rotated = kms.rotate("k");
        assertThat(kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST).version()).isEqualTo(rotated.version());
        kms.delete("k");
        assertCode(() -> sign(kms), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void another_replicas_disable_applies_within_the_freshness() {
        KeyBundle key = kms.create("k", CreateKeyOptions.rsa(2048));
        sign(kms);
        replica.update("k", key.version(), enabled(false));
        assertCode(() -> sign(replica), KmsException.Code.FORBIDDEN); // the replica that changed it: at once
        clock.advance(FRESHNESS.minusMillis(1));
        sign(kms); // the documented window: this replica read the row less than the freshness ago
        clock.advance(Duration.ofMillis(1));
        assertCode(() -> sign(kms), KmsException.Code.FORBIDDEN);
    }

    @Test
    void another_replicas_delete_and_rotation_apply_within_the_freshness() {
        KeyBundle first = kms.create("k", CreateKeyOptions.rsa(2048));
        sign(kms);
        KeyBundle second = replica.rotate("k");
        assertThat(kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST).version()).isEqualTo(first.version());
        clock.advance(FRESHNESS);
        assertThat(kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST).version()).isEqualTo(second.version());
        replica.delete("k");
        clock.advance(FRESHNESS);
        assertCode(() -> sign(kms), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void a_release_policy_changed_on_another_replica_is_the_one_released_under_after_the_freshness() {
        var settings = new KeySettings(List.of(), true, Optional.empty(), Optional.empty(), true, Map.of(),
                Optional.of(policy("sevsnpvm")));
        kms.create("k", CreateKeyOptions.oct(256).with(settings));
        assertThat(releasePolicyOf(kms)).contains("sevsnpvm");
        replica.update("k", null, new KeyUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(policy("tdxvm"))));
        assertThat(releasePolicyOf(replica)).contains("tdxvm");
        clock.advance(FRESHNESS);
        assertThat(releasePolicyOf(kms)).contains("tdxvm");
    }

    static String releasePolicyOf(Kms on) {
        return new String(on.releasable("k", null).bundle().releasePolicy().orElseThrow().data(), StandardCharsets.UTF_8);
    }

    @Test
    void with_the_cache_off_another_replicas_changes_apply_at_once() {
        Kms uncached = Kms.open(store, master, KmsConfig.defaults().withKeyStateCache(Duration.ZERO), clock);
        KeyBundle key = kms.create("k", CreateKeyOptions.rsa(2048));
        sign(uncached);
        replica.update("k", key.version(), enabled(false));
        assertCode(() -> sign(uncached), KmsException.Code.FORBIDDEN);
    }

    @Test
    void a_clock_stepped_back_reads_the_row_again() {
        KeyBundle key = kms.create("k", CreateKeyOptions.rsa(2048));
        sign(kms);
        replica.update("k", key.version(), enabled(false));
        clock.advance(Duration.ofMinutes(-5));
        assertCode(() -> sign(kms), KmsException.Code.FORBIDDEN);
    }

    @Test
    void validity_dates_are_checked_against_the_clock_on_every_call_not_cached() {
        Kms slow = Kms.open(store, master, KmsConfig.defaults().withKeyStateCache(KmsConfig.MAX_KEY_STATE_CACHE), clock);
        var expiring = new KeySettings(List.of(), true, Optional.empty(), Optional.of(clock.instant().plusSeconds(2)),
                false, Map.of(), Optional.empty());
        slow.create("k", CreateKeyOptions.rsa(2048).with(expiring));
        sign(slow);
        clock.advance(Duration.ofSeconds(2)); // well within the freshness, at exp
        assertCode(() -> sign(slow), KmsException.Code.FORBIDDEN);
    }

    @Test
    void the_freshness_is_bounded() {
        assertThatThrownBy(() -> KmsConfig.defaults().withKeyStateCache(Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 (off) and 10s");
        assertThatThrownBy(() -> KmsConfig.defaults().withKeyStateCache(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(KmsConfig.defaults().keyStateCache()).isEqualTo(Duration.ofSeconds(1));
    }
}
