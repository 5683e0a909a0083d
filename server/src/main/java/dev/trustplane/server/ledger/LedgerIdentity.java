package dev.trustplane.server.ledger;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.server.servicekeys.ServiceKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's identity: its origin (the name witnesses and verifiers know it by) and Ed25519 checkpoint key, kept in
 * the store as the service key {@link ServiceKeys#LEDGER} (label: the origin), so every replica signs with the one
 * key and, with a security domain, a server recovered on a fresh data dir gets it back. The public verifier key is
 * also written to {@code ledger/verifier-key} in the data dir, for {@code trustplane ledger key} offline.
 *
 * <p>Created on first start and never replaced (except by restoring a backup): a new key or origin would make every
 * earlier receipt unverifiable against the published key. Data dirs from before the store kept it hold
 * {@code ledger/origin} with {@code ledger/checkpoint-key.sealed} (sealed by the local master key, associated data
 * {@code trustplane-ledger-key-v1/<origin>}) or, older still, the plaintext {@code ledger/checkpoint-key.pk8}: the
 * first start imports that identity into the store (the store's primary key lets one of several replicas starting at
 * once win; the others find the same key) and removes the files once the store holds the same key.
 */
public final class LedgerIdentity {
    static final String ORIGIN = "origin";
    static final String SEALED_KEY = "checkpoint-key.sealed";
    static final String LEGACY_KEY = "checkpoint-key.pk8";
    static final String VERIFIER_KEY = "verifier-key";
    private static final Logger LOG = LoggerFactory.getLogger(LedgerIdentity.class);

    private LedgerIdentity() {}

    /** Loads the signer from the store, importing the data dir's identity or creating one on first start. */
    public static NoteSigner loadOrCreate(Path dataDir, ServiceKeys keys) throws IOException {
        Path dir = dataDir.resolve("ledger");
        SecureFiles.createPrivateDirectory(dir);
        NoteSigner fromFiles = fromDataDir(dir, keys.localKey());
        if (keys.load(ServiceKeys.LEDGER).isEmpty()) {
            NoteSigner candidate = fromFiles != null ? fromFiles : NoteSigner.generate(newOrigin());
            byte[] pkcs8 = candidate.privateKeyPkcs8();
            try {
                if (keys.add(ServiceKeys.LEDGER, 0, candidate.name(), pkcs8)) {
                    LOG.info("{} the ledger checkpoint key for origin {} in the store", fromFiles != null ? "imported"
                            : "created", candidate.name());
                }
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
        NoteSigner signer = load(keys);
        if (fromFiles != null) {
            if (!fromFiles.verifier().encode().equals(signer.verifier().encode())) {
                throw new IOException("the ledger identity in " + dir + " (" + fromFiles.verifier().encode() + ") is not "
                        + "the store's (" + signer.verifier().encode() + "): servers on one log share one key; remove "
                        + "this data dir's ledger/ files if the store's is the one receipts were issued under");
            }
            for (String f : List.of(LEGACY_KEY, SEALED_KEY, ORIGIN)) {
                Files.deleteIfExists(dir.resolve(f));
            }
            LOG.info("removed the ledger identity files from {}: the key now lives in the store", dir);
        }
        Path verifierFile = dir.resolve(VERIFIER_KEY);
        String verifier = signer.verifier().encode() + "\n";
        if (!Files.exists(verifierFile) || !Files.readString(verifierFile, StandardCharsets.UTF_8).equals(verifier)) {
            SecureFiles.replace(verifierFile, verifier.getBytes(StandardCharsets.UTF_8), SecureFiles.PUBLIC);
        }
        return signer;
    }

    /** The store's ledger identity. @throws IOException when the store has none */
    static NoteSigner load(ServiceKeys keys) throws IOException {
        var versions = keys.load(ServiceKeys.LEDGER);
        if (versions.isEmpty()) {
            throw new IOException("the store holds no ledger identity");
        }
        var key = versions.getFirst();
        try {
            return NoteSigner.fromPkcs8(key.label(), key.privateKey());
        } finally {
            Arrays.fill(key.privateKey(), (byte) 0);
        }
    }

    /**
     * Replaces the store's ledger identity with {@code signer}'s: used when restoring a backup made before the
     * identity lived in the store (newer backups carry the store's service keys). The server must be stopped.
     */
    public static void replace(ServiceKeys keys, NoteSigner signer) {
        byte[] pkcs8 = signer.privateKeyPkcs8();
        try {
            keys.replace(ServiceKeys.LEDGER, 0, signer.name(), pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        LOG.info("replaced the ledger identity in the store with origin {}", signer.name());
    }

    /**
     * The published verifier key ({@code name+hash+key}), read from the data dir without the master key.
     *
     * @throws IOException when the server has not started on this data dir yet
     */
    public static String verifierKey(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("ledger").resolve(VERIFIER_KEY), StandardCharsets.UTF_8).strip();
    }

    /** The identity a data dir from before the store held, or null. */
    private static NoteSigner fromDataDir(Path dir, MasterKeyProvider localKey) throws IOException {
        Path sealedFile = dir.resolve(SEALED_KEY);
        Path legacyFile = dir.resolve(LEGACY_KEY);
        if (!Files.exists(sealedFile) && !Files.exists(legacyFile)) {
            return null;
        }
        String origin = Files.readString(dir.resolve(ORIGIN), StandardCharsets.UTF_8).trim();
        byte[] pkcs8 = Files.exists(sealedFile)
                ? localKey.open(Files.readAllBytes(sealedFile), ("trustplane-ledger-key-v1/" + origin).getBytes(StandardCharsets.UTF_8))
                : Files.readAllBytes(legacyFile);
        try {
            return NoteSigner.fromPkcs8(origin, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static String newOrigin() {
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        return "trustplane-" + HexFormat.of().formatHex(id) + ".local/ledger";
    }
}
