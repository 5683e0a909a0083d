package dev.trustplane.kms;

import dev.trustplane.common.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key lifecycle against a real store; subclasses pick SQLite or PostgreSQL. */
abstract class KmsContractTest {
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
    void create_get_and_new_versions() {
        KeyBundle first = kms.create("rsa-1", CreateKeyOptions.rsa(2048));
        assertThat(first.version()).matches("[0-9a-f]{32}");
        assertThat(first.key().kty()).isEqualTo(KeyType.RSA);
        assertThat(first.key().n()).hasSize(256);
        assertThat(first.key().keyOps()).contains(KeyOperation.SIGN, KeyOperation.UNWRAP_KEY);
        assertThat(first.attributes().recoverableDays()).isEqualTo(90);
        assertThat(first.attributes().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        assertThat(first.attributes().created()).isEqualTo(clock.instant());
        KeyBundle second = kms.create("rsa-1", CreateKeyOptions.rsa(3072));
        assertThat(kms.get("rsa-1", null).version()).isEqualTo(second.version());
        assertThat(kms.get("rsa-1", "").version()).isEqualTo(second.version());
        assertThat(kms.get("rsa-1", first.version()).key().n()).isEqualTo(first.key().n());
        assertThat(kms.listVersions("rsa-1", Optional.empty(), 0).items()).extracting(KeyBundle::version)
                .containsExactly(first.version(), second.version());
    }

    @Test
    void every_key_type_and_size_is_created() {
        for (int bits : new int[] {2048, 3072, 4096}) {
            assertThat(kms.create("r" + bits, CreateKeyOptions.rsa(bits)).key().n()).hasSize(bits / 8);
        }
        for (Curve curve : Curve.values()) {
            var key = kms.create("ec-" + curve.ordinal(), CreateKeyOptions.ec(curve)).key();
            assertThat(key.crv()).isEqualTo(curve);
            assertThat(key.x()).hasSize(curve.coordinateBytes());
        }
        for (int bits : new int[] {128, 192, 256}) {
            var key = kms.create("aes" + bits, CreateKeyOptions.oct(bits)).key();
            assertThat(key.kty()).isEqualTo(KeyType.OCT_HSM);
            assertThat(key.n()).isNull();
        }
    }

    @Test
    void bad_create_requests_are_bad_parameters() {
        assertCode(() -> kms.create("bad_name", CreateKeyOptions.rsa(2048)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.create("x".repeat(128), CreateKeyOptions.rsa(2048)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.create("k", CreateKeyOptions.rsa(1024)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.create("k", CreateKeyOptions.oct(512)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.create("k", new CreateKeyOptions(KeyType.RSA, 2048, 3, null, KeySettings.defaults())),
                KmsException.Code.BAD_PARAMETER);
        Map<String, String> tags = new java.util.HashMap<>();
        for (int i = 0; i < 16; i++) {
            tags.put("t" + i, "v");
        }
        assertCode(() -> kms.create("k", CreateKeyOptions.rsa(2048).with(settings(List.of(), tags))),
                KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.create("k", CreateKeyOptions.ec(Curve.P_256).with(settings(List.of(KeyOperation.ENCRYPT), Map.of()))),
                KmsException.Code.BAD_PARAMETER);
        var exportableWithoutPolicy = new KeySettings(List.of(), true, Optional.empty(), Optional.empty(), true, Map.of(),
                Optional.empty());
        assertCode(() -> kms.create("k", CreateKeyOptions.rsa(2048).with(exportableWithoutPolicy)), KmsException.Code.BAD_PARAMETER);
        assertCode(() -> kms.get("k", null), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void list_pages_through_all_keys_with_continuation_tokens() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            names.add(kms.create("page-" + i, CreateKeyOptions.oct(128)).name());
        }
        kms.create("page-0", CreateKeyOptions.oct(128));
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            Page<KeyBundle> page = kms.list(token, 3);
            assertThat(page.items().size()).isLessThanOrEqualTo(3);
            page.items().forEach(b -> seen.add(b.name()));
            token = page.next();
            pages++;
        } while (token.isPresent());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(names).doesNotHaveDuplicates();
    }

    @Test
    void update_changes_attributes_tags_and_ops_but_not_material() {
        KeyBundle key = kms.create("upd", CreateKeyOptions.rsa(2048));
        clock.advance(Duration.ofSeconds(5));
        var exp = Instant.parse("2027-01-01T00:00:00Z");
        KeyBundle updated = kms.update("upd", key.version(), new KeyUpdate(Optional.of(List.of(KeyOperation.VERIFY)),
                Optional.of(false), Optional.empty(), Optional.of(Optional.of(exp)), Optional.of(Map.of("env", "test")),
                Optional.empty()));
        assertThat(updated.attributes().enabled()).isFalse();
        assertThat(updated.attributes().expires()).contains(exp);
        assertThat(updated.attributes().updated()).isEqualTo(clock.instant());
        assertThat(updated.tags()).containsEntry("env", "test");
        assertThat(updated.key().keyOps()).containsExactly(KeyOperation.VERIFY);
        assertThat(updated.key().n()).isEqualTo(key.key().n());
        KeyBundle unchangedOps = kms.update("upd", null, new KeyUpdate(Optional.of(List.of()), Optional.of(true),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(unchangedOps.key().keyOps()).containsExactly(KeyOperation.VERIFY);
        assertThat(kms.get("upd", null).tags()).containsEntry("env", "test");
        assertCode(() -> kms.update("upd", "0".repeat(32), KeyUpdate.none()), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void concurrent_updates_of_one_version_never_tear_it() throws Exception {
        KeyBundle key = kms.create("race", CreateKeyOptions.oct(256));
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String value = "w" + i;
                futures.add(pool.submit(() -> kms.update("race", key.version(), new KeyUpdate(Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Map.of("a", value, "b", value)),
                        Optional.empty()))));
                futures.add(pool.submit(() -> kms.create("race", CreateKeyOptions.oct(128))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        Map<String, String> tags = kms.get("race", key.version()).tags();
        assertThat(tags.get("a")).isEqualTo(tags.get("b"));
        var versions = kms.listVersions("race", Optional.empty(), 25);
        int count = versions.items().size();
        Optional<String> next = versions.next();
        while (next.isPresent()) {
            var page = kms.listVersions("race", next, 25);
            count += page.items().size();
            next = page.next();
        }
        assertThat(count).isEqualTo(41);
    }

    @Test
    void soft_delete_recover_and_purge() {
        KeyBundle key = kms.create("del", CreateKeyOptions.ec(Curve.P_256));
        DeletedKey deleted = kms.delete("del");
        assertThat(deleted.deletedDate()).isEqualTo(clock.instant());
        assertThat(deleted.scheduledPurgeDate()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertCode(() -> kms.get("del", null), KmsException.Code.KEY_NOT_FOUND);
        assertCode(() -> kms.sign("del", null, SignatureAlgorithm.ES256, new byte[32]), KmsException.Code.KEY_NOT_FOUND);
        assertCode(() -> kms.create("del", CreateKeyOptions.rsa(2048)), KmsException.Code.CONFLICT);
        assertCode(() -> kms.delete("del"), KmsException.Code.KEY_NOT_FOUND);
        assertThat(kms.listDeleted(Optional.empty(), 0).items()).extracting(d -> d.key().name()).containsExactly("del");
        assertThat(kms.list(Optional.empty(), 0).items()).isEmpty();
        assertThat(kms.recover("del").version()).isEqualTo(key.version());
        assertThat(kms.get("del", null).version()).isEqualTo(key.version());
        assertCode(() -> kms.recover("del"), KmsException.Code.KEY_NOT_FOUND);
        kms.delete("del");
        kms.purge("del");
        assertCode(() -> kms.getDeleted("del"), KmsException.Code.KEY_NOT_FOUND);
        assertThat(kms.create("del", CreateKeyOptions.oct(128)).name()).isEqualTo("del");
    }

    @Test
    void purge_protection_once_on_stays_on_and_blocks_early_purges() {
        kms.create("pp", CreateKeyOptions.oct(128));
        kms.create("old", CreateKeyOptions.oct(128));
        kms.delete("old");
        kms.enablePurgeProtection();
        kms.enablePurgeProtection();
        assertThat(kms.purgeProtection()).isTrue();
        assertThat(kms.get("pp", null).attributes().recoveryLevel()).isEqualTo("Recoverable");
        kms.delete("pp");
        assertCode(() -> kms.purge("pp"), KmsException.Code.CONFLICT);
        assertThat(kms.purgeExpired()).isZero();
        clock.advance(Duration.ofDays(90));
        assertThat(kms.purgeExpired()).isEqualTo(2);
        assertCode(() -> kms.getDeleted("pp"), KmsException.Code.KEY_NOT_FOUND);
    }

    @Test
    void restart_keeps_keys_and_they_still_work() {
        KeyBundle key = kms.create("keep", CreateKeyOptions.rsa(2048));
        byte[] digest = new byte[32];
        var sig = kms.sign("keep", null, SignatureAlgorithm.PS256, digest).value();
        Kms reopened = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), clock);
        assertThat(reopened.get("keep", null).version()).isEqualTo(key.version());
        assertThat(reopened.verify("keep", null, SignatureAlgorithm.PS256, digest, sig).valid()).isTrue();
        assertThat(reopened.sign("keep", null, SignatureAlgorithm.RS256, digest).value()).hasSize(256);
    }

    @Test
    void a_different_master_key_is_refused_clearly_at_open(@TempDir Path otherDir) {
        kms.create("mk", CreateKeyOptions.oct(256));
        assertThatThrownBy(() -> Kms.open(store, SealedFileMasterKey.openOrCreate(otherDir), KmsConfig.defaults(), clock))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.code()).isEqualTo(KmsException.Code.MASTER_KEY_UNAVAILABLE))
                .hasMessageContaining("were sealed with master key sealed-file:")
                .hasMessageContaining("refusing to start");
    }

    static final String VALID_POLICY = """
            {"version":"1.0.0","anyOf":[{"authority":"https://sharedweu.weu.attest.azure.net/","allOf":[
              {"claim":"x-ms-isolation-tee.x-ms-attestation-type","equals":"sevsnpvm"},
              {"claim":"x-ms-isolation-tee.x-ms-sevsnpvm-is-debuggable","equals":false}]}]}
            """;
    static final String INVALID_POLICY = VALID_POLICY.replace("\"equals\":false", "\"equal\":false");

    static KeySettings exportable(String policyJson) {
        return new KeySettings(List.of(), true, Optional.empty(), Optional.empty(), true, Map.of(),
                Optional.of(new ReleasePolicy(null, false, policyJson.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    static KeyUpdate policyUpdate(String policyJson) {
        return new KeyUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new ReleasePolicy(null, false, policyJson.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    static void assertInvalidPolicy(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.code()).isEqualTo(KmsException.Code.BAD_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("Invalid release policy: anyOf[0].allOf[1]: unknown operator 'equal' "
                    + "(expected one of equals, notEquals, less, lessOrEquals, greater, greaterOrEquals, exists)");
        });
    }

    @Test
    void invalid_release_policies_are_refused_at_create_and_import_and_nothing_is_stored() {
        assertInvalidPolicy(() -> kms.create("skr", CreateKeyOptions.oct(256).with(exportable(INVALID_POLICY))));
        assertCode(() -> kms.get("skr", null), KmsException.Code.KEY_NOT_FOUND);
        assertInvalidPolicy(() -> kms.importKey("skr", new KeyMaterial.Oct(SecretBytes.adopt(new byte[32])), true,
                exportable(INVALID_POLICY)));
        assertCode(() -> kms.get("skr", null), KmsException.Code.KEY_NOT_FOUND);
        assertCode(() -> kms.create("skr", CreateKeyOptions.oct(256).with(exportable("{\"anyOf\":[]}"))),
                KmsException.Code.BAD_PARAMETER);

        KeyBundle first = kms.create("skr", CreateKeyOptions.rsa(2048).with(exportable(VALID_POLICY)));
        assertThat(first.releasePolicy()).get().extracting(ReleasePolicy::data)
                .isEqualTo(VALID_POLICY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertInvalidPolicy(() -> kms.create("skr", CreateKeyOptions.rsa(2048).with(exportable(INVALID_POLICY))));
        assertThat(kms.listVersions("skr", Optional.empty(), 0).items()).extracting(KeyBundle::version)
                .containsExactly(first.version());
    }

    @Test
    void invalid_release_policies_are_refused_at_update_and_the_stored_policy_stays() {
        KeyBundle key = kms.create("skr", CreateKeyOptions.oct(256).with(exportable(VALID_POLICY)));
        clock.advance(Duration.ofMinutes(5));
        assertInvalidPolicy(() -> kms.update("skr", key.version(), policyUpdate(INVALID_POLICY)));
        KeyBundle after = kms.get("skr", key.version());
        assertThat(after.releasePolicy().get().data()).isEqualTo(key.releasePolicy().get().data());
        assertThat(after.attributes().updated()).isEqualTo(key.attributes().updated());

        String stricter = VALID_POLICY.replace("\"equals\":false}", "\"equals\":false},"
                + "{\"claim\":\"x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn\",\"greaterOrEquals\":7}");
        KeyBundle updated = kms.update("skr", key.version(), policyUpdate(stricter));
        assertThat(new String(updated.releasePolicy().get().data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(stricter);
    }

    static KeySettings settings(List<KeyOperation> ops, Map<String, String> tags) {
        return new KeySettings(ops, true, Optional.empty(), Optional.empty(), false, tags, Optional.empty());
    }

    static void assertCode(Runnable call, KmsException.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
