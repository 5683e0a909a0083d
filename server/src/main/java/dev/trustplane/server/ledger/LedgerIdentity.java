package dev.trustplane.server.ledger;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.ledger.NoteSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's identity, kept in the data dir: its origin (the name witnesses and verifiers know it by) in
 * {@code ledger/origin}, and its Ed25519 checkpoint key in {@code ledger/checkpoint-key.pk8} (PKCS#8,
 * 0600). Both are created on first start and never replaced: a new key or origin would make every
 * earlier receipt unverifiable against the published key.
 */
public final class LedgerIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerIdentity.class);

    private LedgerIdentity() {}

    /** Loads the signer, creating origin and key on first start. */
    public static NoteSigner loadOrCreate(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("ledger");
        SecureFiles.createPrivateDirectory(dir);
        Path originFile = dir.resolve("origin");
        Path keyFile = dir.resolve("checkpoint-key.pk8");
        if (!Files.exists(originFile)) {
            byte[] id = new byte[6];
            new SecureRandom().nextBytes(id);
            SecureFiles.createNew(originFile, "trustplane-" + HexFormat.of().formatHex(id) + ".local/ledger\n",
                    SecureFiles.PUBLIC);
        }
        String origin = Files.readString(originFile, StandardCharsets.UTF_8).trim();
        if (!Files.exists(keyFile)) {
            NoteSigner created = NoteSigner.generate(origin);
            SecureFiles.createNew(keyFile, created.privateKeyPkcs8(), SecureFiles.OWNER_ONLY);
            LOG.info("created the ledger checkpoint key for origin {} in {}", origin, keyFile);
        }
        return NoteSigner.fromPkcs8(origin, Files.readAllBytes(keyFile));
    }
}
