package dev.trustplane.server.servicekeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.attestation.FileSigningKeys;
import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.server.attestation.StoredSigningKeys;
import dev.trustplane.server.ledger.LedgerIdentity;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service keys in the store: created once and stable, sealed (no plaintext in the store), imported from the file
 * layouts of earlier versions (then removed from the data dir), refused with the reason when altered or sealed by
 * another master key, and escrowed under a security domain's master key so that a new data dir gets them back.
 */
class ServiceKeysTest {
    @TempDir
    Path dir;
    private Store store;
    private SealedFileMasterKey local;

    @BeforeEach
    void open() throws Exception {
        store = TestStores.sqlite(Files.createDirectories(dir.resolve("db")));
        local = SealedFileMasterKey.openOrCreate(dir);
    }

    @AfterEach
    void close() {
        local.close();
        store.close();
    }

    @Test
    void the_ledger_identity_is_created_once_sealed_and_stable() throws Exception {
        ServiceKeys keys = ServiceKeys.open(store, local);
        NoteSigner first = LedgerIdentity.loadOrCreate(dir, keys);
        NoteSigner again = LedgerIdentity.loadOrCreate(dir, ServiceKeys.open(store, local));
        assertThat(again.verifier().encode()).isEqualTo(first.verifier().encode());
        assertThat(LedgerIdentity.verifierKey(dir)).isEqualTo(first.verifier().encode());
        assertThat(dir.resolve("ledger/checkpoint-key.sealed")).doesNotExist();
        byte[] sealed = sealedCopy(ServiceKeys.LEDGER, local.id());
        byte[] pkcs8 = first.privateKeyPkcs8();
        assertThat(indexOf(sealed, Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)))
                .as("no plaintext key in the store").isNegative();
    }

    @Test
    void an_upgraded_data_dir_moves_its_key_files_into_the_store() throws Exception {
        // The ledger identity as earlier versions kept it: origin plus checkpoint key sealed by the local master key.
        Path ledger = dir.resolve("ledger");
        SecureFiles.createPrivateDirectory(ledger);
        NoteSigner old = NoteSigner.generate("upgraded.example/ledger");
        SecureFiles.createNew(ledger.resolve("origin"), old.name() + "\n", SecureFiles.PUBLIC);
        SecureFiles.createNew(ledger.resolve("checkpoint-key.sealed"), local.seal(old.privateKeyPkcs8(),
                ("trustplane-ledger-key-v1/" + old.name()).getBytes(StandardCharsets.UTF_8)), SecureFiles.OWNER_ONLY);
        // Attestation keys: the first one and a rollover written by one replica only.
        var files = new FileSigningKeys(dir.resolve("attestation"));
        var fromFiles = AttestationTokens.loadOrCreate(dir, Clock.systemUTC());
        fromFiles.rollover(Duration.ofHours(1));
        var kids = kids(fromFiles);
        assertThat(kids).hasSize(2);

        ServiceKeys keys = ServiceKeys.open(store, local);
        assertThat(LedgerIdentity.loadOrCreate(dir, keys).verifier().encode()).isEqualTo(old.verifier().encode());
        var tokens = AttestationTokens.open(StoredSigningKeys.importing(keys, dir), Clock.systemUTC(),
                AttestationTokens.DEFAULT_LIFETIME, AttestationTokens.DEFAULT_REFRESH);
        assertThat(kids(tokens)).isEqualTo(kids);
        assertThat(files.load()).as("imported key files are removed").isEmpty();
        assertThat(ledger.resolve("checkpoint-key.sealed")).doesNotExist();
        assertThat(ledger.resolve("origin")).doesNotExist();

        // A second replica starting from a copy of the old data dir finds the same keys (idempotent import).
        Path replica = dir.resolve("replica");
        SecureFiles.createPrivateDirectory(replica.resolve("ledger"));
        SecureFiles.createNew(replica.resolve("ledger/origin"), old.name() + "\n", SecureFiles.PUBLIC);
        SecureFiles.createNew(replica.resolve("ledger/checkpoint-key.pk8"), old.privateKeyPkcs8(), SecureFiles.OWNER_ONLY);
        assertThat(LedgerIdentity.loadOrCreate(replica, keys).verifier().encode()).isEqualTo(old.verifier().encode());
        assertThat(replica.resolve("ledger/checkpoint-key.pk8")).as("the plaintext key is gone").doesNotExist();

        // A data dir with another ledger identity than the store's is refused, not silently replaced.
        Path other = dir.resolve("other");
        SecureFiles.createPrivateDirectory(other.resolve("ledger"));
        SecureFiles.createNew(other.resolve("ledger/origin"), "other.example/ledger\n", SecureFiles.PUBLIC);
        SecureFiles.createNew(other.resolve("ledger/checkpoint-key.pk8"),
                NoteSigner.generate("other.example/ledger").privateKeyPkcs8(), SecureFiles.OWNER_ONLY);
        assertThatThrownBy(() -> LedgerIdentity.loadOrCreate(other, keys)).hasMessageContaining("is not the store's");
    }

    @Test
    void an_altered_sealed_row_is_refused_with_the_reason() throws Exception {
        ServiceKeys keys = ServiceKeys.open(store, local);
        LedgerIdentity.loadOrCreate(dir, keys);
        byte[] sealed = sealedCopy(ServiceKeys.LEDGER, local.id());
        sealed[sealed.length / 2] ^= 1;
        store.useTransaction(h -> h.createUpdate("UPDATE service_key_copies SET sealed = :s WHERE name = :n")
                .bind("s", sealed).bind("n", ServiceKeys.LEDGER).execute());
        assertThatThrownBy(() -> LedgerIdentity.loadOrCreate(dir, keys)).isInstanceOf(ServiceKeyException.class)
                .hasMessageContaining("service key ledger.checkpoint version 0")
                .hasMessageContaining("does not authenticate under master key " + local.id())
                .hasMessageContaining("altered");
    }

    @Test
    void another_master_key_is_told_whose_keys_these_are() throws Exception {
        LedgerIdentity.loadOrCreate(dir, ServiceKeys.open(store, local));
        try (var otherKey = SealedFileMasterKey.openOrCreate(dir.resolve("other"))) {
            ServiceKeys other = ServiceKeys.open(store, otherKey);
            assertThat(other.unopenable()).hasSize(1);
            assertThatThrownBy(() -> LedgerIdentity.loadOrCreate(dir.resolve("other"), other))
                    .isInstanceOf(ServiceKeyException.class).hasMessageContaining("sealed by master key(s) [" + local.id())
                    .hasMessageContaining("not by this data dir's " + otherKey.id());
        }
    }

    @Test
    void escrow_under_the_domain_key_restores_the_keys_for_a_new_data_dir() throws Exception {
        ServiceKeys keys = ServiceKeys.open(store, local);
        NoteSigner ledger = LedgerIdentity.loadOrCreate(dir, keys);
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        try (MasterKeyProvider domain = SealedFileMasterKey.inMemory("security-domain", k.clone());
                var newLocal = SealedFileMasterKey.openOrCreate(dir.resolve("new"))) {
            keys.escrowWith(domain); // activation: escrow copies of the existing keys
            var tokens = AttestationTokens.open(StoredSigningKeys.of(keys), Clock.systemUTC(),
                    AttestationTokens.DEFAULT_LIFETIME, AttestationTokens.DEFAULT_REFRESH); // created after: escrowed at once
            ServiceKeys fresh = ServiceKeys.open(store, newLocal);
            assertThat(fresh.unopenable()).hasSize(2);
            assertThat(ServiceKeys.escrowed(fresh.unopenable())).isTrue();
            try (MasterKeyProvider recovered = SealedFileMasterKey.inMemory("security-domain", k.clone())) {
                fresh.escrowWith(recovered); // upload on the new data dir
            }
            assertThat(fresh.unopenable()).isEmpty();
            assertThat(LedgerIdentity.loadOrCreate(dir.resolve("new"), fresh).verifier().encode())
                    .isEqualTo(ledger.verifier().encode());
            var again = AttestationTokens.open(StoredSigningKeys.of(fresh), Clock.systemUTC(),
                    AttestationTokens.DEFAULT_LIFETIME, AttestationTokens.DEFAULT_REFRESH);
            assertThat(kids(again)).isEqualTo(kids(tokens));
        }
    }

    @Test
    void one_version_wins_when_two_replicas_create_it_at_once() {
        ServiceKeys a = ServiceKeys.open(store, local);
        ServiceKeys b = ServiceKeys.open(store, local);
        byte[] first = NoteSigner.generate("a.example/ledger").privateKeyPkcs8();
        byte[] second = NoteSigner.generate("b.example/ledger").privateKeyPkcs8();
        assertThat(a.add(ServiceKeys.LEDGER, 0, "a.example/ledger", first)).isTrue();
        assertThat(b.add(ServiceKeys.LEDGER, 0, "b.example/ledger", second)).isFalse();
        assertThat(b.load(ServiceKeys.LEDGER)).singleElement().satisfies(k -> {
            assertThat(k.label()).isEqualTo("a.example/ledger");
            assertThat(k.privateKey()).isEqualTo(first);
        });
    }

    private static java.util.List<String> kids(AttestationTokens tokens) {
        return tokens.publicKeys().getKeys().stream().map(com.nimbusds.jose.jwk.JWK::getKeyID).toList();
    }

    private byte[] sealedCopy(String name, String masterKeyId) {
        return store.jdbi().withHandle(h -> h.createQuery(
                "SELECT sealed FROM service_key_copies WHERE name = :n AND master_key_id = :m")
                .bind("n", name).bind("m", masterKeyId).mapTo(byte[].class).one());
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
