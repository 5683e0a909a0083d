package dev.trustplane.attestation;

import dev.trustplane.common.SecureFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Signing keys as PKCS#8 files (owner-only) in one directory: {@code signing-key.pk8} signs from the epoch, and
 * {@code signing-key-<activation epoch second>.pk8} from that second. The layout servers used before their keys moved
 * into the store (which imports it), and a self-contained key ring for tools and tests.
 */
public final class FileSigningKeys implements SigningKeySource {
    static final String FIRST = "signing-key.pk8";
    static final String PREFIX = "signing-key-";
    private final Path dir;

    public FileSigningKeys(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<StoredKey> load() throws IOException {
        List<StoredKey> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(FIRST)) {
                    keys.add(new StoredKey(Files.readAllBytes(f), Instant.EPOCH));
                } else if (name.startsWith(PREFIX) && name.endsWith(".pk8")) {
                    String seconds = name.substring(PREFIX.length(), name.length() - 4);
                    if (!seconds.matches("[0-9]{1,12}")) {
                        throw new IOException("unexpected key file name " + f);
                    }
                    keys.add(new StoredKey(Files.readAllBytes(f), Instant.ofEpochSecond(Long.parseLong(seconds))));
                }
            }
        }
        return keys;
    }

    @Override
    public String stamp() throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (var files = Files.list(dir)) {
            return String.join(",", files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** Deletes the key file activating at {@code activation} (after it was moved elsewhere). */
    public void remove(Instant activation) throws IOException {
        Files.deleteIfExists(dir.resolve(fileName(activation)));
    }

    private static String fileName(Instant activation) {
        return activation.equals(Instant.EPOCH) ? FIRST : PREFIX + activation.getEpochSecond() + ".pk8";
    }

    @Override
    public boolean add(byte[] pkcs8, Instant activation) throws IOException {
        SecureFiles.createPrivateDirectory(dir);
        try {
            SecureFiles.createNew(dir.resolve(fileName(activation)), pkcs8, SecureFiles.OWNER_ONLY);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
