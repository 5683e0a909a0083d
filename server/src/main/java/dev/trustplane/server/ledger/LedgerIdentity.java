package dev.trustplane.server.ledger;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.ledger.NoteSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's identity, kept in the data dir: its origin (the name witnesses and verifiers know it by) in
 * {@code ledger/origin}, its Ed25519 checkpoint key sealed by the KMS master key in
 * {@code ledger/checkpoint-key.sealed} (associated data: the origin), and the public verifier key in
 * {@code ledger/verifier-key}. With a PKCS#11 master key the checkpoint key is thus protected by the HSM like every
 * KMS key; its plaintext exists only in memory.
 *
 * <p>Created on first start and never replaced: a new key or origin would make every earlier receipt unverifiable
 * against the published key. A data dir from before sealing holds {@code ledger/checkpoint-key.pk8}; it is sealed
 * at the next start, the sealed copy is checked to open to the same key, and only then is the plaintext file
 * removed.
 */
public final class LedgerIdentity {
    static final String ORIGIN = "origin";
    static final String SEALED_KEY = "checkpoint-key.sealed";
    static final String LEGACY_KEY = "checkpoint-key.pk8";
    static final String VERIFIER_KEY = "verifier-key";
    private static final Logger LOG = LoggerFactory.getLogger(LedgerIdentity.class);

    private LedgerIdentity() {}

    /** Loads the signer, creating origin and key on first start and sealing a legacy plaintext key. */
    public static NoteSigner loadOrCreate(Path dataDir, MasterKeyProvider masterKey) throws IOException {
        Path dir = dataDir.resolve("ledger");
        SecureFiles.createPrivateDirectory(dir);
        String origin = origin(dir);
        byte[] ad = ("trustplane-ledger-key-v1/" + origin).getBytes(StandardCharsets.UTF_8);
        Path sealedFile = dir.resolve(SEALED_KEY);
        Path legacyFile = dir.resolve(LEGACY_KEY);
        if (!Files.exists(sealedFile)) {
            boolean legacy = Files.exists(legacyFile);
            byte[] pkcs8 = legacy ? Files.readAllBytes(legacyFile) : NoteSigner.generate(origin).privateKeyPkcs8();
            try {
                SecureFiles.createNew(sealedFile, masterKey.seal(pkcs8, ad), SecureFiles.OWNER_ONLY);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
            LOG.info("{} the ledger checkpoint key for origin {}, sealed by master key {}, in {}",
                    legacy ? "sealed" : "created", origin, masterKey.id(), sealedFile);
        }
        byte[] pkcs8 = masterKey.open(Files.readAllBytes(sealedFile), ad);
        NoteSigner signer;
        try {
            signer = NoteSigner.fromPkcs8(origin, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        if (Files.exists(legacyFile)) {
            byte[] old = Files.readAllBytes(legacyFile);
            boolean same = NoteSigner.fromPkcs8(origin, old).verifier().encode().equals(signer.verifier().encode());
            Arrays.fill(old, (byte) 0);
            if (!same) {
                throw new IOException("both " + legacyFile + " and " + sealedFile + " exist and hold different keys; "
                        + "keep the one whose verifier key receipts were issued under and remove the other");
            }
            Files.delete(legacyFile);
            LOG.info("removed the plaintext checkpoint key {} after sealing it", legacyFile);
        }
        Path verifierFile = dir.resolve(VERIFIER_KEY);
        if (!Files.exists(verifierFile)) {
            SecureFiles.createNew(verifierFile, signer.verifier().encode() + "\n", SecureFiles.PUBLIC);
        }
        return signer;
    }

    /**
     * Replaces this data dir's ledger identity with {@code signer}'s (origin and checkpoint key), sealed by
     * {@code masterKey}: used by a full restore so that the restored ledger goes on under the identity its
     * receipts and checkpoints were issued under. The server must be stopped.
     */
    public static void replace(Path dataDir, MasterKeyProvider masterKey, NoteSigner signer) throws IOException {
        Path dir = dataDir.resolve("ledger");
        SecureFiles.createPrivateDirectory(dir);
        String origin = signer.name();
        byte[] ad = ("trustplane-ledger-key-v1/" + origin).getBytes(StandardCharsets.UTF_8);
        byte[] pkcs8 = signer.privateKeyPkcs8();
        try {
            SecureFiles.replace(dir.resolve(SEALED_KEY), masterKey.seal(pkcs8, ad), SecureFiles.OWNER_ONLY);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        SecureFiles.replace(dir.resolve(ORIGIN), (origin + "\n").getBytes(StandardCharsets.UTF_8), SecureFiles.PUBLIC);
        SecureFiles.replace(dir.resolve(VERIFIER_KEY), (signer.verifier().encode() + "\n").getBytes(StandardCharsets.UTF_8),
                SecureFiles.PUBLIC);
        LOG.info("replaced the ledger identity in {} with origin {}", dir, origin);
    }

    /**
     * The published verifier key ({@code name+hash+key}), read from the data dir without the master key.
     *
     * @throws IOException when the server has not created the ledger identity yet
     */
    public static String verifierKey(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("ledger").resolve(VERIFIER_KEY), StandardCharsets.UTF_8).strip();
    }

    private static String origin(Path dir) throws IOException {
        Path originFile = dir.resolve(ORIGIN);
        if (!Files.exists(originFile)) {
            byte[] id = new byte[6];
            new SecureRandom().nextBytes(id);
            SecureFiles.createNew(originFile, "trustplane-" + HexFormat.of().formatHex(id) + ".local/ledger\n",
                    SecureFiles.PUBLIC);
        }
        return Files.readString(originFile, StandardCharsets.UTF_8).trim();
    }
}
