package dev.trustplane.kms;

import dev.trustplane.common.testing.ManualClock;
import static dev.trustplane.kms.KmsContractTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

abstract class KmsBackupRotationTest {
    @TempDir
    Path dataDir;
    Store store;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    Kms kms;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        kms = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void backup_restores_every_version_after_purge_and_the_key_still_works() {
        KeyBundle v1 = kms.create("bk", CreateKeyOptions.rsa(2048).with(KmsContractTest.settings(List.of(), Map.of("t", "1"))));
        KeyBundle v2 = kms.create("bk", CreateKeyOptions.rsa(2048));
        byte[] digest = new byte[32];
        byte[] sig = kms.sign("bk", v1.version(), SignatureAlgorithm.RS256, digest).value();
        byte[] blob = kms.backup("bk");
        assertCode(() -> kms.restore(blob), KmsException.Code.CONFLICT);
        kms.delete("bk");
        assertCode(() -> kms.restore(blob), KmsException.Code.CONFLICT);
        kms.purge("bk");
        KeyBundle restored = kms.restore(blob);
        assertThat(restored.version()).isEqualTo(v2.version());
        assertThat(kms.get("bk", v1.version()).tags()).containsEntry("t", "1");
        assertThat(kms.verify("bk", v1.version(), SignatureAlgorithm.RS256, digest, sig).valid()).isTrue();
        assertThat(kms.sign("bk", v1.version(), SignatureAlgorithm.RS256, digest).value()).isEqualTo(sig);
        assertThat(kms.create("bk", CreateKeyOptions.rsa(2048)).version()).isNotIn(v1.version(), v2.version());
    }

    @Test
    void a_tampered_blob_or_another_vaults_blob_is_refused(@TempDir Path otherDir) {
        kms.create("bk2", CreateKeyOptions.oct(128));
        byte[] blob = kms.backup("bk2");
        byte[] tampered = blob.clone();
        tampered[20] ^= 1;
        assertCode(() -> kms.restore(tampered), KmsException.Code.BAD_PARAMETER);
        try (Store other = TestStores.sqlite(otherDir)) {
            Kms otherKms = Kms.open(other, SealedFileMasterKey.openOrCreate(otherDir), KmsConfig.defaults(), clock);
            assertCode(() -> otherKms.restore(blob), KmsException.Code.BAD_PARAMETER);
        }
        assertCode(() -> kms.backup("missing"), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void rotate_creates_a_like_version_and_policy_sets_its_expiry() {
        KeyBundle first = kms.create("rot", CreateKeyOptions.ec(Curve.P_384));
        assertThat(kms.rotationPolicy("rot")).isEqualTo(RotationPolicy.defaultPolicy());
        var policy = new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(RotationPolicy.ActionType.ROTATE,
                Optional.of(Period.ofDays(30)), Optional.empty())), Optional.of(Period.ofDays(90)), Optional.empty(), Optional.empty());
        RotationPolicy stored = kms.setRotationPolicy("rot", policy);
        assertThat(stored.created()).isPresent();
        assertThat(stored.lifetimeActions()).isEqualTo(policy.lifetimeActions());
        KeyBundle rotated = kms.rotate("rot");
        assertThat(rotated.version()).isNotEqualTo(first.version());
        assertThat(rotated.key().crv()).isEqualTo(Curve.P_384);
        assertThat(rotated.attributes().expires()).contains(clock.instant().plus(Duration.ofDays(90)));
        assertThat(kms.rotateDue()).isZero();
        clock.advance(Duration.ofDays(31));
        assertThat(KmsMaintenance.runOnce(kms)).isEqualTo(new KmsMaintenance.Run(0, 1));
        assertThat(kms.listVersions("rot", Optional.empty(), 0).items()).hasSize(3);
        assertThat(kms.rotateDue()).isZero();
    }

    /** Two servers on one database whose maintenance runs at the same moment: each due key gains one version. */
    @Test
    void a_due_rotation_acted_on_by_two_servers_at_once_adds_one_version() throws Exception {
        Kms other = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), clock);
        var policy = new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(RotationPolicy.ActionType.ROTATE,
                Optional.of(Period.ofDays(7)), Optional.empty())), Optional.empty(), Optional.empty(), Optional.empty());
        int keys = 6;
        for (int i = 0; i < keys; i++) {
            kms.create("due-" + i, CreateKeyOptions.oct(256));
            kms.setRotationPolicy("due-" + i, policy);
        }
        clock.advance(Duration.ofDays(8));
        var start = new java.util.concurrent.CyclicBarrier(2);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> { start.await(); return kms.rotateDue(); });
            var b = pool.submit(() -> { start.await(); return other.rotateDue(); });
            assertThat(a.get() + b.get()).isEqualTo(keys);
        }
        for (int i = 0; i < keys; i++) {
            assertThat(kms.listVersions("due-" + i, Optional.empty(), 0).items()).as("due-" + i).hasSize(2);
        }
        assertThat(other.rotateDue()).isZero();
    }

    @Test
    void bad_rotation_policies_are_refused_and_a_blank_one_removes_it() {
        kms.create("rp", CreateKeyOptions.oct(256));
        var tooSoon = new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(RotationPolicy.ActionType.ROTATE,
                Optional.of(Period.ofDays(1)), Optional.empty())), Optional.empty(), Optional.empty(), Optional.empty());
        assertCode(() -> kms.setRotationPolicy("rp", tooSoon), KmsException.Code.BAD_PARAMETER);
        var shortExpiry = new RotationPolicy(List.of(), Optional.of(Period.ofDays(10)), Optional.empty(), Optional.empty());
        assertCode(() -> kms.setRotationPolicy("rp", shortExpiry), KmsException.Code.BAD_PARAMETER);
        var ok = new RotationPolicy(List.of(), Optional.of(Period.ofYears(1)), Optional.empty(), Optional.empty());
        assertThat(kms.setRotationPolicy("rp", ok).expiryTime()).contains(Period.ofYears(1));
        kms.setRotationPolicy("rp", new RotationPolicy(List.of(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(kms.rotationPolicy("rp")).isEqualTo(RotationPolicy.defaultPolicy());
        assertThat(kms.rotate("rp").key().kty()).isEqualTo(KeyType.OCT_HSM);
        assertCode(() -> kms.rotate("none"), KmsException.Code.KEY_NOT_FOUND);
    }
}
