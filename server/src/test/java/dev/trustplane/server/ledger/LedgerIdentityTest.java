package dev.trustplane.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.ledger.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint key is sealed by the master key, stable across restarts, and a legacy plaintext key is migrated. */
class LedgerIdentityTest {
    @TempDir
    Path dir;

    @Test
    void created_sealed_and_stable() throws Exception {
        try (var master = SealedFileMasterKey.openOrCreate(dir)) {
            NoteSigner first = LedgerIdentity.loadOrCreate(dir, master);
            NoteSigner again = LedgerIdentity.loadOrCreate(dir, master);
            assertThat(again.verifier().encode()).isEqualTo(first.verifier().encode());
            assertThat(LedgerIdentity.verifierKey(dir)).isEqualTo(first.verifier().encode());
            Path ledger = dir.resolve("ledger");
            assertThat(ledger.resolve(LedgerIdentity.LEGACY_KEY)).doesNotExist();
            byte[] sealed = Files.readAllBytes(ledger.resolve(LedgerIdentity.SEALED_KEY));
            byte[] pkcs8 = first.privateKeyPkcs8();
            assertThat(indexOf(sealed, java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length))).isNegative();
        }
    }

    @Test
    void a_legacy_plaintext_key_is_sealed_then_removed() throws Exception {
        Path ledger = dir.resolve("ledger");
        SecureFiles.createPrivateDirectory(ledger);
        SecureFiles.createNew(ledger.resolve("origin"), "legacy.example/ledger\n", SecureFiles.PUBLIC);
        NoteSigner legacy = NoteSigner.generate("legacy.example/ledger");
        SecureFiles.createNew(ledger.resolve(LedgerIdentity.LEGACY_KEY), legacy.privateKeyPkcs8(), SecureFiles.OWNER_ONLY);
        try (var master = SealedFileMasterKey.openOrCreate(dir)) {
            NoteSigner loaded = LedgerIdentity.loadOrCreate(dir, master);
            assertThat(loaded.verifier().encode()).isEqualTo(legacy.verifier().encode());
        }
        assertThat(ledger.resolve(LedgerIdentity.LEGACY_KEY)).doesNotExist();
        assertThat(ledger.resolve(LedgerIdentity.SEALED_KEY)).exists();
    }

    @Test
    void another_master_key_cannot_open_it() throws Exception {
        try (var master = SealedFileMasterKey.openOrCreate(dir)) {
            LedgerIdentity.loadOrCreate(dir, master);
        }
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("ledger"));
        Files.copy(dir.resolve("ledger/origin"), other.resolve("ledger/origin"));
        Files.copy(dir.resolve("ledger/" + LedgerIdentity.SEALED_KEY), other.resolve("ledger/" + LedgerIdentity.SEALED_KEY));
        try (var otherMaster = SealedFileMasterKey.openOrCreate(other)) {
            assertThatThrownBy(() -> LedgerIdentity.loadOrCreate(other, otherMaster)).isInstanceOf(RuntimeException.class);
        }
        assertThat(Files.readString(dir.resolve("ledger/origin"), StandardCharsets.UTF_8)).isNotBlank();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
