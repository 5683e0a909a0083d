package dev.trustplane.server.attestation;

import dev.trustplane.attestation.FileSigningKeys;
import dev.trustplane.attestation.SigningKeySource;
import dev.trustplane.server.servicekeys.ServiceKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attestation token signing keys as the store's service key {@link ServiceKeys#ATTESTATION}, one version per
 * activation second, so a rollover on one replica is seen by every replica ({@code AttestationTokens} compares
 * {@link #stamp} every few seconds).
 */
public final class StoredSigningKeys implements SigningKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(StoredSigningKeys.class);
    private final ServiceKeys keys;

    private StoredSigningKeys(ServiceKeys keys) {
        this.keys = keys;
    }

    /** The store's keys, as they are. */
    public static StoredSigningKeys of(ServiceKeys keys) {
        return new StoredSigningKeys(keys);
    }

    /**
     * The store's keys, after importing those of a data dir from before the store kept them
     * ({@code attestation/signing-key*.pk8}; see {@link FileSigningKeys}). Importing is idempotent and safe on
     * several replicas at once: each key goes in under its activation second unless that second is taken; a file whose
     * key the store then holds is deleted.
     */
    public static StoredSigningKeys importing(ServiceKeys keys, Path dataDir) throws IOException {
        var stored = new StoredSigningKeys(keys);
        var files = new FileSigningKeys(dataDir.resolve("attestation"));
        int imported = 0;
        for (StoredKey file : files.load()) {
            try {
                if (stored.add(file.pkcs8(), file.activation()) || stored.holds(file)) {
                    files.remove(file.activation()); // in the store now: no plaintext copy left on disk
                    imported++;
                } else {
                    LOG.warn("the attestation signing key file for activation {} in {} differs from the store's key for "
                            + "that second; the store's is used, the file is left alone", file.activation(), dataDir);
                }
            } finally {
                Arrays.fill(file.pkcs8(), (byte) 0);
            }
        }
        if (imported > 0) {
            LOG.info("moved {} attestation signing key file(s) from {} into the store", imported, dataDir.resolve("attestation"));
        }
        return stored;
    }

    /** Whether the store holds exactly {@code file}'s key under its activation second. */
    private boolean holds(StoredKey file) {
        boolean same = false;
        for (StoredKey k : load()) {
            same |= k.activation().equals(file.activation()) && Arrays.equals(k.pkcs8(), file.pkcs8());
            Arrays.fill(k.pkcs8(), (byte) 0);
        }
        return same;
    }

    @Override
    public List<StoredKey> load() {
        return keys.load(ServiceKeys.ATTESTATION).stream()
                .map(k -> new StoredKey(k.privateKey(), Instant.ofEpochSecond(k.version()))).toList();
    }

    @Override
    public String stamp() {
        return keys.stamp(ServiceKeys.ATTESTATION);
    }

    @Override
    public boolean add(byte[] pkcs8, Instant activation) {
        return keys.add(ServiceKeys.ATTESTATION, activation.getEpochSecond(), "", pkcs8);
    }

    @Override
    public String toString() {
        return "the store (service key " + ServiceKeys.ATTESTATION + ")";
    }
}
