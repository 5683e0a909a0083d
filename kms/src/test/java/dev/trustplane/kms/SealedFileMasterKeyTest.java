package dev.trustplane.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedFileMasterKeyTest {
    @TempDir
    Path dataDir;

    static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

    @Test
    void creates_an_owner_only_32_byte_file_once_and_reuses_it() throws Exception {
        var first = SealedFileMasterKey.openOrCreate(dataDir);
        Path file = dataDir.resolve("kms").resolve(SealedFileMasterKey.FILE);
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] sealed = first.seal("secret".getBytes(StandardCharsets.UTF_8), AAD);
        var second = SealedFileMasterKey.openOrCreate(dataDir);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(new String(second.open(sealed, AAD), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(second.toString()).doesNotContain(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    @Test
    void wrong_associated_data_or_altered_bytes_fail_as_master_key_errors() {
        var key = SealedFileMasterKey.openOrCreate(dataDir);
        byte[] sealed = key.seal(new byte[] {1, 2, 3}, AAD);
        assertUnavailable(() -> key.open(sealed, "other".getBytes(StandardCharsets.UTF_8)));
        sealed[sealed.length - 1] ^= 1;
        assertUnavailable(() -> key.open(sealed, AAD));
        assertUnavailable(() -> key.open(new byte[5], AAD));
    }

    @Test
    void refuses_a_readable_or_truncated_key_file() throws Exception {
        SealedFileMasterKey.openOrCreate(dataDir);
        Path file = dataDir.resolve("kms").resolve(SealedFileMasterKey.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SealedFileMasterKey.openOrCreate(dataDir)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.write(file, new byte[31]);
        assertThatThrownBy(() -> SealedFileMasterKey.openOrCreate(dataDir)).hasMessageContaining("exactly 32 bytes");
    }

    @Test
    void sealed_material_swapped_between_versions_in_the_database_does_not_open() {
        try (var store = TestStores.sqlite(dataDir)) {
            Kms kms = Kms.open(store, SealedFileMasterKey.openOrCreate(dataDir), KmsConfig.defaults(), Clock.systemUTC());
            var a = kms.create("a", CreateKeyOptions.oct(256));
            kms.create("b", CreateKeyOptions.oct(256));
            store.useTransaction(h -> h.execute(
                    "UPDATE kms_key_versions SET sealed = (SELECT sealed FROM kms_key_versions WHERE name = 'b') WHERE name = 'a'"));
            assertThatThrownBy(() -> kms.encrypt("a", a.version(), CryptoRequest.of(EncryptionAlgorithm.A256GCM, new byte[4])))
                    .isInstanceOfSatisfying(KmsException.class,
                            e -> assertThat(e.code()).isEqualTo(KmsException.Code.MASTER_KEY_UNAVAILABLE))
                    .hasMessageContaining("altered");
        }
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsException.Code.MASTER_KEY_UNAVAILABLE));
    }
}
