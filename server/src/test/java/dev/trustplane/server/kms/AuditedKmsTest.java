package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.EncryptionAlgorithm;
import dev.trustplane.kms.Curve;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.ReleasePolicy;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.kms.SecretBytes;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.ledger.LedgerException;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Period;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle and crypto operations leave one ledger record each, refusals included, and no record carries key material. */
class AuditedKmsTest {
    @TempDir
    Path dataDir;

    Store store;
    final List<DecisionRecord> records = new CopyOnWriteArrayList<>();
    volatile boolean ledgerDown;
    Kms kms;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dataDir);
        DecisionLog log = record -> {
            if (ledgerDown) {
                throw new LedgerException(LedgerException.Code.UNAVAILABLE, "store down");
            }
            records.add(record);
            return records.size() - 1;
        };
        kms = AuditedKms.wrap(Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), Clock.systemUTC()), log);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void every_lifecycle_operation_is_recorded_with_key_version_outcome_and_caller() {
        var created = kms.create("k1", CreateKeyOptions.ec(Curve.P_256));
        kms.sign("k1", null, SignatureAlgorithm.ES256, new byte[32]);
        kms.get("k1", null);
        kms.update("k1", null, new KeyUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Map.of("team", "payments")), Optional.empty()));
        byte[] backup = kms.backup("k1");
        var rotated = kms.rotate("k1");
        kms.setRotationPolicy("k1", new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(RotationPolicy.ActionType.ROTATE,
                Optional.of(Period.ofDays(30)), Optional.empty())), Optional.empty(), Optional.empty(), Optional.empty()));
        kms.delete("k1");
        kms.recover("k1");
        kms.delete("k1");
        kms.purge("k1");
        var restored = kms.restore(backup);
        kms.enablePurgeProtection();

        assertThat(records).extracting(DecisionRecord::type).containsExactly("key.create", "key.sign", "key.update",
                "key.backup", "key.rotate", "key.rotation-policy", "key.delete", "key.recover", "key.delete", "key.purge",
                "key.restore", "key.purge-protection");
        assertThat(records.get(0).fields()).containsEntry("keyName", "k1").containsEntry("keyVersion", created.version())
                .containsEntry("outcome", "succeeded").containsEntry("caller", "system").containsEntry("kty", "EC");
        assertThat(records.get(2).fields()).containsEntry("changed", List.of("tags"));
        assertThat(records.get(4).fields()).containsEntry("keyVersion", rotated.version());
        assertThat(records.get(10).fields()).containsEntry("keyName", "k1").containsEntry("keyVersion", restored.version());
    }

    @Test
    void refusals_are_recorded_with_the_key_vault_error_code_and_rethrown() {
        kms.create("k2", CreateKeyOptions.oct(256));
        byte[] policy = "{\"anyOf\":[]}".getBytes(StandardCharsets.UTF_8);
        var update = new KeyUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new ReleasePolicy(ReleasePolicy.DEFAULT_CONTENT_TYPE, false, policy)));
        assertThatThrownBy(() -> kms.update("k2", null, update)).isInstanceOf(KmsException.class);
        assertThatThrownBy(() -> kms.purge("k2")).isInstanceOf(KmsException.class);
        assertThatThrownBy(() -> kms.delete("nope")).isInstanceOf(KmsException.class);

        var refusedUpdate = records.get(1);
        assertThat(refusedUpdate.type()).isEqualTo("key.update");
        assertThat(refusedUpdate.fields()).containsEntry("changed", List.of("release_policy"))
                .containsEntry("releasePolicySha256", sha256Hex(policy))
                .containsEntry("outcome", "BadParameter").containsEntry("keyVersion", null);
        assertThat(records.get(2).fields()).containsEntry("outcome", "KeyNotFound").containsEntry("keyName", "k2");
        assertThat(records.get(3).fields()).containsEntry("outcome", "KeyNotFound").containsEntry("keyName", "nope");
        assertThat(new String(refusedUpdate.canonicalJson(), StandardCharsets.UTF_8)).doesNotContain("anyOf");
    }

    @Test
    void imported_material_never_reaches_a_record() {
        byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        kms.importKey("imp", new KeyMaterial.Oct(SecretBytes.copyOf(secret)), true, KeySettings.defaults());
        kms.backup("imp");
        assertThat(records).hasSize(2);
        for (DecisionRecord r : records) {
            String json = new String(r.canonicalJson(), StandardCharsets.ISO_8859_1);
            assertThat(json).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                    .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                    .doesNotContain(Base64.getEncoder().encodeToString(secret))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
        }
        assertThat(records.get(0).type()).isEqualTo("key.import");
    }

    @Test
    void an_unrecordable_change_answers_503_and_is_not_silent() {
        ledgerDown = true;
        assertThatThrownBy(() -> kms.create("k3", CreateKeyOptions.oct(128)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("could not be recorded"));
        ledgerDown = false;
        assertThat(kms.get("k3", null).name()).as("the change itself happened").isEqualTo("k3");
        assertThat(records).isEmpty();
    }

    @Test
    void every_crypto_operation_is_recorded_with_algorithm_and_the_version_that_did_it() {
        var ec = kms.create("k4", CreateKeyOptions.ec(Curve.P_256));
        var oct = kms.create("k5", CreateKeyOptions.oct(256));
        records.clear();
        byte[] signature = kms.sign("k4", null, SignatureAlgorithm.ES256, new byte[32]).value();
        assertThat(kms.verify("k4", null, SignatureAlgorithm.ES256, new byte[32], signature).valid()).isTrue();
        var sealed = kms.encrypt("k5", null, CryptoRequest.of(EncryptionAlgorithm.A256GCM, new byte[16]));
        kms.decrypt("k5", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, sealed.value(), sealed.iv(), null, sealed.tag()));
        byte[] wrapped = kms.wrapKey("k5", null, CryptoRequest.of(EncryptionAlgorithm.A256KW, new byte[32])).value();
        kms.unwrapKey("k5", null, CryptoRequest.of(EncryptionAlgorithm.A256KW, wrapped));

        assertThat(records).extracting(DecisionRecord::type).containsExactly("key.sign", "key.verify", "key.encrypt",
                "key.decrypt", "key.wrapkey", "key.unwrapkey");
        assertThat(records.get(0).fields()).containsEntry("keyName", "k4").containsEntry("keyVersion", ec.version())
                .containsEntry("alg", "ES256").containsEntry("outcome", "succeeded").containsEntry("caller", "system");
        assertThat(records.get(1).fields()).as("verify without a version names the version that checked it")
                .containsEntry("keyVersion", ec.version()).containsEntry("alg", "ES256");
        assertThat(records.subList(2, 6)).allSatisfy(r -> assertThat(r.fields()).containsEntry("keyName", "k5")
                .containsEntry("keyVersion", oct.version()).containsEntry("outcome", "succeeded"));
        assertThat(records.get(4).fields()).containsEntry("alg", "A256KW");
        assertThat(records).allSatisfy(r -> assertThat(new String(r.canonicalJson(), StandardCharsets.UTF_8))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(signature))
                .doesNotContain(Base64.getEncoder().encodeToString(wrapped)));
    }

    @Test
    void a_crypto_operation_the_key_refuses_is_recorded_as_refused_and_a_missing_key_is_not() {
        var created = kms.create("k4", CreateKeyOptions.ec(Curve.P_256));
        kms.update("k4", null, new KeyUpdate(Optional.empty(), Optional.of(false), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        records.clear();

        assertThatThrownBy(() -> kms.sign("k4", created.version(), SignatureAlgorithm.ES256, new byte[32]))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsException.Code.FORBIDDEN));
        assertThatThrownBy(() -> kms.sign("absent", null, SignatureAlgorithm.ES256, new byte[32]))
                .as("a missing key is not a refusal").isInstanceOf(KmsException.class);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("key.sign");
            assertThat(r.fields()).containsEntry("keyName", "k4").containsEntry("keyVersion", created.version())
                    .containsEntry("outcome", "Forbidden").containsEntry("caller", "system").containsEntry("alg", "ES256");
        });
    }

    @Test
    void a_crypto_result_the_ledger_cannot_record_is_withheld() {
        kms.create("k6", CreateKeyOptions.ec(Curve.P_256));
        ledgerDown = true;
        assertThatThrownBy(() -> kms.sign("k6", null, SignatureAlgorithm.ES256, new byte[32]))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .contains("could not be recorded").contains("result is withheld"));
    }

    @Test
    void an_unrecordable_refusal_stays_the_refusal_it_was() {
        ledgerDown = true;
        assertThatThrownBy(() -> kms.purge("never-there"))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsException.Code.KEY_NOT_FOUND));
        ledgerDown = false;
        assertThat(records).isEmpty();
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
