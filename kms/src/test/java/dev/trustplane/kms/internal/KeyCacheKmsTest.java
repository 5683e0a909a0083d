package dev.trustplane.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.EncryptionAlgorithm;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.common.testing.ManualClock;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.kms.SignatureAlgorithm;
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
 * The key cache inside the KMS: it never makes a refused key usable (the row is checked on every call, also when
 * another replica changed it), and this replica's disable, update, delete and purge drop the material at once.
 * Two {@link DefaultKms} instances on one store stand for two replicas.
 */
class KeyCacheKmsTest {
    static final byte[] DIGEST = new byte[32];

    @TempDir
    Path dataDir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:00:00Z"));
    Store store;
    DefaultKms kms;
    DefaultKms replica;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dataDir);
        MasterKeyProvider master = SealedFileMasterKey.openOrCreate(dataDir);
        kms = (DefaultKms) Kms.open(store, master, KmsConfig.defaults(), clock);
        replica = (DefaultKms) Kms.open(store, master, KmsConfig.defaults(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    KeyBundle signingKey(String name) {
        KeyBundle key = kms.create(name, CreateKeyOptions.rsa(2048));
        kms.sign(name, null, SignatureAlgorithm.RS256, DIGEST);
        assertThat(kms.openedKeys().held()).containsExactly(name + "/" + key.version());
        return key;
    }

    static KeyUpdate enabled(boolean on) {
        return new KeyUpdate(Optional.empty(), Optional.of(on), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsException.Code.FORBIDDEN));
    }

    @Test
    void repeated_operations_reuse_one_opened_key_and_give_valid_results() {
        KeyBundle key = signingKey("k");
        for (int i = 0; i < 3; i++) {
            byte[] sig = kms.sign("k", key.version(), SignatureAlgorithm.RS256, DIGEST).value();
            assertThat(kms.verify("k", null, SignatureAlgorithm.RS256, DIGEST, sig).valid()).isTrue();
        }
        byte[] wrapped = kms.wrapKey("k", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, new byte[32])).value();
        assertThat(kms.unwrapKey("k", null, CryptoRequest.of(EncryptionAlgorithm.RSA_OAEP_256, wrapped)).value())
                .isEqualTo(new byte[32]);
        assertThat(kms.openedKeys().size()).isEqualTo(1);
    }

    @Test
    void disabling_drops_the_material_and_the_key_is_refused_until_enabled_again() {
        KeyBundle key = signingKey("k");
        kms.update("k", key.version(), enabled(false));
        assertThat(kms.openedKeys().size()).isZero();
        assertForbidden(() -> kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST));
        kms.update("k", key.version(), enabled(true));
        assertThat(kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST).value()).hasSize(256);
    }

    @Test
    void any_update_drops_the_material() {
        signingKey("k");
        kms.update("k", null, KeyUpdate.none());
        assertThat(kms.openedKeys().size()).isZero();
    }

    @Test
    void a_key_disabled_or_expired_by_another_replica_is_refused_although_this_one_holds_its_material() {
        KeyBundle key = signingKey("k");
        replica.update("k", key.version(), enabled(false));
        clock.advance(KmsConfig.DEFAULT_KEY_STATE_CACHE); // the row is read again (see KeyStateCacheTest)
        assertThat(kms.openedKeys().size()).isEqualTo(1); // not told; the row check is what counts
        assertForbidden(() -> kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST));

        replica.update("k", key.version(), new KeyUpdate(Optional.empty(), Optional.of(true), Optional.empty(),
                Optional.of(Optional.of(clock.instant().plusSeconds(60))), Optional.empty(), Optional.empty()));
        clock.advance(KmsConfig.DEFAULT_KEY_STATE_CACHE);
        kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST);
        clock.advance(Duration.ofSeconds(61));
        assertForbidden(() -> kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST));
    }

    @Test
    void deleting_drops_the_material_and_a_key_deleted_elsewhere_is_not_found() {
        signingKey("k");
        kms.delete("k");
        assertThat(kms.openedKeys().size()).isZero();

        signingKey("other");
        replica.delete("other");
        clock.advance(KmsConfig.DEFAULT_KEY_STATE_CACHE);
        assertThatThrownBy(() -> kms.sign("other", null, SignatureAlgorithm.RS256, DIGEST))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsException.Code.KEY_NOT_FOUND));
        kms.purge("other");
        assertThat(kms.openedKeys().size()).isZero();
    }

    @Test
    void purging_expired_deleted_keys_drops_their_material() {
        signingKey("k");
        replica.delete("k"); // this replica still holds the material
        clock.advance(Duration.ofDays(90));
        assertThat(kms.purgeExpired()).isEqualTo(1);
        assertThat(kms.openedKeys().size()).isZero();
    }

    @Test
    void a_new_version_is_opened_on_its_own_and_the_old_one_stays_usable() {
        KeyBundle first = signingKey("k");
        KeyBundle second = kms.rotate("k");
        kms.sign("k", null, SignatureAlgorithm.RS256, DIGEST);
        assertThat(kms.openedKeys().held()).containsExactlyInAnyOrder("k/" + first.version(), "k/" + second.version());
        assertThat(kms.sign("k", first.version(), SignatureAlgorithm.RS256, DIGEST).version()).isEqualTo(first.version());
    }

    @Test
    void with_the_cache_off_nothing_is_held() {
        var off = (DefaultKms) Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir),
                KmsConfig.defaults().withKeyCache(dev.trustplane.kms.KeyCacheSettings.off()), clock);
        off.create("k", CreateKeyOptions.rsa(2048));
        off.sign("k", null, SignatureAlgorithm.RS256, DIGEST);
        assertThat(off.openedKeys().size()).isZero();
    }

    @Test
    void purge_protection_turned_on_elsewhere_shows_within_two_seconds_and_blocks_purges_at_once() {
        kms.create("k", CreateKeyOptions.rsa(2048));
        assertThat(kms.get("k", null).attributes().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        replica.enablePurgeProtection();
        kms.delete("k");
        assertThatThrownBy(() -> kms.purge("k")).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsException.Code.CONFLICT));
        assertThat(kms.getDeleted("k").key().attributes().recoveryLevel()).isEqualTo("Recoverable");
    }

    @Test
    void purge_protection_shown_off_is_read_again_after_two_seconds() {
        kms.create("k", CreateKeyOptions.rsa(2048));
        assertThat(kms.get("k", null).attributes().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        replica.enablePurgeProtection();
        assertThat(kms.get("k", null).attributes().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        clock.advance(VaultSettings.SHOWN_OFF_FOR);
        assertThat(kms.get("k", null).attributes().recoveryLevel()).isEqualTo("Recoverable");
    }
}
