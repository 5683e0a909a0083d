package dev.trustplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.testing.SoftHsm;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#11 master key against a real SoftHSM2 token (skipped, with the reason, where SoftHSM2 is not
 * installed). Tokens are per test where login state matters: PKCS#11 login is per process and token, so a
 * wrong-PIN check uses a token nothing has logged in to.
 */
class Pkcs11MasterKeyTest {
    static final byte[] AAD = "trustplane-kms-v1/k/0123".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @BeforeEach
    void requireSoftHsm() {
        SoftHsm.assumeAvailable();
    }

    @Test
    void creates_a_non_extractable_key_on_first_use_and_finds_it_again() throws Exception {
        var config = SoftHsm.config(SoftHsm.TOKEN, "master-a", true, dir);
        byte[] sealed;
        try (var first = Pkcs11MasterKey.open(config, Map.of())) {
            assertThat(first.id()).isEqualTo("pkcs11:master-a");
            assertThat(first.toString()).isEqualTo("Pkcs11MasterKey[pkcs11:master-a]");
            sealed = first.seal("material".getBytes(StandardCharsets.UTF_8), AAD);
            assertThat(sealed).hasSize(1 + 12 + 8 + 16);
            assertThat(sealed[0]).isEqualTo((byte) 1);
        }
        var existingOnly = new Pkcs11Config(config.library(), config.slot(), "master-a", config.pin(), false);
        try (var second = Pkcs11MasterKey.open(existingOnly, Map.of())) {
            assertThat(new String(second.open(sealed, AAD), StandardCharsets.UTF_8)).isEqualTo("material");
            byte[] again = second.seal("material".getBytes(StandardCharsets.UTF_8), AAD);
            assertThat(Arrays.copyOfRange(again, 1, 13)).as("fresh IV per seal").isNotEqualTo(Arrays.copyOfRange(sealed, 1, 13));
        }
    }

    @Test
    void a_key_under_another_label_does_not_open_what_this_one_sealed() throws Exception {
        try (var a = Pkcs11MasterKey.open(SoftHsm.config(SoftHsm.TOKEN, "label-a", true, dir), Map.of());
                var b = Pkcs11MasterKey.open(SoftHsm.config(SoftHsm.TOKEN, "label-b", true, dir), Map.of())) {
            byte[] sealed = a.seal(new byte[] {1, 2, 3}, AAD);
            assertUnavailable(() -> b.open(sealed, AAD), "does not open with master key pkcs11:label-b");
            assertUnavailable(() -> a.open(sealed, "other".getBytes(StandardCharsets.UTF_8)), "altered");
            byte[] altered = sealed.clone();
            altered[altered.length - 1] ^= 1;
            assertUnavailable(() -> a.open(altered, AAD), "altered");
            assertUnavailable(() -> a.open(new byte[5], AAD), "malformed");
        }
    }

    @Test
    void a_missing_key_is_not_created_unless_configured() throws Exception {
        var config = SoftHsm.config(SoftHsm.TOKEN, "never-created", false, dir);
        assertUnavailable(() -> Pkcs11MasterKey.open(config, Map.of()), "has no key labelled 'never-created'");
    }

    @Test
    void a_wrong_pin_fails_clearly_without_showing_the_pin() throws Exception {
        var config = SoftHsm.config(SoftHsm.PIN_TOKEN, "master", true, dir);
        Path wrong = dir.resolve("wrong.pin");
        SecureFiles.createNew(wrong, "not-the-pin-5150\n", SecureFiles.OWNER_ONLY);
        var wrongPin = new Pkcs11Config(config.library(), config.slot(), "master", Pkcs11Config.PinSource.file(wrong), true);
        assertThatThrownBy(() -> Pkcs11MasterKey.open(wrongPin, Map.of()))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.code()).isEqualTo(KmsException.Code.MASTER_KEY_UNAVAILABLE))
                .hasMessageContaining("wrong PIN")
                .hasMessageContaining("CKR_PIN_INCORRECT")
                .hasMessageNotContaining("not-the-pin-5150");
        var fromEnv = new Pkcs11Config(config.library(), config.slot(), "master", Pkcs11Config.PinSource.env("HSM_PIN"), true);
        assertUnavailable(() -> Pkcs11MasterKey.open(fromEnv, Map.of()), "HSM_PIN is not set");
        try (var right = Pkcs11MasterKey.open(fromEnv, Map.of("HSM_PIN", SoftHsm.PIN))) {
            assertThat(right.id()).isEqualTo("pkcs11:master");
        }
    }

    @Test
    void a_missing_library_slot_or_readable_pin_file_fails_clearly() throws Exception {
        var config = SoftHsm.config(SoftHsm.TOKEN, "master", true, dir);
        var noLibrary = new Pkcs11Config(Path.of("/nonexistent/libpkcs11.so"), config.slot(), "master", config.pin(), true);
        assertUnavailable(() -> Pkcs11MasterKey.open(noLibrary, Map.of()), "library /nonexistent/libpkcs11.so does not exist");
        var noSlot = new Pkcs11Config(config.library(), Pkcs11Config.Slot.id(4_000_000_001L), "master", config.pin(), true);
        assertUnavailable(() -> Pkcs11MasterKey.open(noSlot, Map.of()), "slot 4000000001");
        Path open = dir.resolve("open.pin");
        Files.writeString(open, SoftHsm.PIN);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        var readable = new Pkcs11Config(config.library(), config.slot(), "master", Pkcs11Config.PinSource.file(open), true);
        assertUnavailable(() -> Pkcs11MasterKey.open(readable, Map.of()), "chmod 600");
    }

    @Test
    void parses_the_serve_setting_and_names_bad_keys() {
        var parsed = Pkcs11Config.parse("pkcs11:library=/usr/lib/softhsm/libsofthsm2.so,slot-index=0,key-label=km-1,"
                + "pin-env=HSM_PIN,create-key=true");
        assertThat(parsed).isEqualTo(new Pkcs11Config(Path.of("/usr/lib/softhsm/libsofthsm2.so"), Pkcs11Config.Slot.index(0),
                "km-1", Pkcs11Config.PinSource.env("HSM_PIN"), true));
        assertThat(Pkcs11Config.parse("pkcs11:library=/l.so,slot=7,pin-file=/p").keyLabel()).isEqualTo("trustplane-master");
        assertThatThrownBy(() -> Pkcs11Config.parse("pkcs11:library=/l.so,slot=1,pin=1234"))
                .hasMessageContaining("'pin' is not one of");
        assertThatThrownBy(() -> Pkcs11Config.parse("pkcs11:library=/l.so,pin-file=/p")).hasMessageContaining("slot");
        assertThatThrownBy(() -> Pkcs11Config.parse("pkcs11:library=/l.so,slot=1,pin-file=/p,pin-env=X"))
                .hasMessageContaining("exactly one of pin-file or pin-env");
        assertThatThrownBy(() -> Pkcs11Config.parse("pkcs11:slot=1,pin-file=/p")).hasMessageContaining("library=");
    }

    @Test
    void seals_and_opens_concurrently() throws Exception {
        try (var key = Pkcs11MasterKey.open(SoftHsm.config(SoftHsm.TOKEN, "concurrent", true, dir), Map.of());
                var pool = Executors.newFixedThreadPool(16)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                Callable<Boolean> work = () -> {
                    for (int i = 0; i < 100; i++) {
                        byte[] plain = (thread + "/" + i).getBytes(StandardCharsets.UTF_8);
                        byte[] aad = ("aad-" + thread).getBytes(StandardCharsets.UTF_8);
                        if (!Arrays.equals(key.open(key.seal(plain, aad), aad), plain)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(work));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }

    @Test
    void keys_sealed_under_the_token_survive_a_restart_and_are_never_stored_in_plain_form() throws Exception {
        var config = SoftHsm.config(SoftHsm.TOKEN, "restart", true, dir);
        byte[] octKey = HexFormat.of().parseHex("8f1c2e3d4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("restart".getBytes(StandardCharsets.UTF_8));
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        var url = TestStores.freshSqliteUrl(dataDir);
        byte[] signature;
        byte[] ciphertext;
        byte[] iv;
        byte[] tag;
        try (var store = Store.open(url, dataDir); var master = Pkcs11MasterKey.open(config, Map.of())) {
            Kms kms = Kms.open(store, master, KmsConfig.defaults(), Clock.systemUTC());
            kms.create("rsa", CreateKeyOptions.rsa(2048));
            kms.create("ec", CreateKeyOptions.ec(Curve.P_256));
            kms.importKey("oct", new KeyMaterial.Oct(SecretBytes.copyOf(octKey)), true, KeySettings.defaults());
            signature = kms.sign("rsa", null, SignatureAlgorithm.RS256, digest).value();
            var encrypted = kms.encrypt("oct", null, CryptoRequest.of(EncryptionAlgorithm.A256GCM, "hello".getBytes(StandardCharsets.UTF_8)));
            ciphertext = encrypted.value();
            iv = encrypted.iv();
            tag = encrypted.tag();
            List<Map<String, Object>> rows = store.jdbi().withHandle(h ->
                    h.createQuery("SELECT * FROM kms_key_versions").mapToMap().list());
            assertThat(rows).hasSize(3).allSatisfy(row -> {
                assertThat(row.get("master_key_id")).isEqualTo("pkcs11:restart");
                for (Object value : row.values()) {
                    assertThat(bytesOf(value)).as("a stored column").satisfies(b -> assertNotContained(b, octKey));
                }
            });
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNotContained(Files.readAllBytes(file), octKey);
            }
        }
        try (var store = Store.open(url, dataDir);
                var master = Pkcs11MasterKey.open(new Pkcs11Config(config.library(), config.slot(), "restart", config.pin(), false), Map.of())) {
            Kms kms = Kms.open(store, master, KmsConfig.defaults(), Clock.systemUTC());
            assertThat(kms.verify("rsa", null, SignatureAlgorithm.RS256, digest, signature).valid()).isTrue();
            var decrypted = kms.decrypt("oct", null, new CryptoRequest(EncryptionAlgorithm.A256GCM, ciphertext, iv, null, tag));
            assertThat(new String(decrypted.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
            byte[] ecSig = kms.sign("ec", null, SignatureAlgorithm.ES256, digest).value();
            assertThat(kms.verify("ec", null, SignatureAlgorithm.ES256, digest, ecSig).valid()).isTrue();
        }
    }

    @Test
    void a_store_sealed_under_the_token_refuses_to_open_with_the_sealed_file_key() throws Exception {
        var config = SoftHsm.config(SoftHsm.TOKEN, "switch", true, dir);
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        var url = TestStores.freshSqliteUrl(dataDir);
        try (var store = Store.open(url, dataDir); var master = Pkcs11MasterKey.open(config, Map.of())) {
            Kms.open(store, master, KmsConfig.defaults(), Clock.systemUTC()).create("k", CreateKeyOptions.oct(256));
        }
        try (var store = Store.open(url, dataDir)) {
            assertThatThrownBy(() -> Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), Clock.systemUTC()))
                    .hasMessageContaining("sealed with master key pkcs11:switch");
        }
    }

    private static byte[] bytesOf(Object value) {
        return switch (value) {
            case null -> new byte[0];
            case byte[] b -> b;
            default -> value.toString().getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private static void assertNotContained(byte[] haystack, byte[] secret) {
        String text = new String(haystack, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
    }

    private static void assertUnavailable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsException.Code.MASTER_KEY_UNAVAILABLE)).hasMessageContaining(message);
    }
}
