package dev.trustplane.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash never leaves a half-written one, and secrets are never readable by others.
 *
 * <p>Content goes to a temporary file in the same directory, created with its final permissions (so a
 * secret is never briefly world-readable), is forced to disk, and then renamed into place atomically.
 * {@link #createNew} refuses to replace an existing file: Trustplane never overwrites key material.
 */
public final class SecureFiles {
    /** Owner read/write only: private keys and tokens. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Owner read/write, others read: certificates. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {}

    /** Writes {@code text} (UTF-8) to a new file {@code target}; fails if it exists. */
    public static void createNew(Path target, String text, Set<PosixFilePermission> permissions) throws IOException {
        createNew(target, text.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /** Writes {@code bytes} to a new file {@code target}; fails with FileAlreadyExistsException if it exists. */
    public static void createNew(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = writeTemp(target, bytes, permissions);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code bytes} to {@code target}, replacing it if present, atomically: readers see the old
     * file or the new one, never a mix. For caches and re-importable data, never for key material.
     */
    public static void replace(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path tmp = writeTemp(target, bytes, permissions);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} (and parents) with owner-only permissions when it does not exist. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static Path writeTemp(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(permissions));
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }
}
