package dev.trustplane.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
    @TempDir
    Path dir;

    @Test
    void create_new_writes_with_the_given_permissions_and_leaves_no_temp_file() throws Exception {
        Path file = dir.resolve("secret");
        SecureFiles.createNew(file, "s3cret\n", SecureFiles.OWNER_ONLY);
        assertThat(Files.readString(file)).isEqualTo("s3cret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void create_new_never_overwrites() throws Exception {
        Path file = dir.resolve("key");
        SecureFiles.createNew(file, "first", SecureFiles.OWNER_ONLY);
        assertThatThrownBy(() -> SecureFiles.createNew(file, "second", SecureFiles.OWNER_ONLY))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("first");
    }

    @Test
    void replace_swaps_content_atomically() throws Exception {
        Path file = dir.resolve("cache.der");
        SecureFiles.replace(file, new byte[] {1}, SecureFiles.PUBLIC);
        SecureFiles.replace(file, new byte[] {2, 3}, SecureFiles.PUBLIC);
        assertThat(Files.readAllBytes(file)).containsExactly(2, 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void private_directory_is_owner_only() throws Exception {
        Path sub = dir.resolve("a/b");
        SecureFiles.createPrivateDirectory(sub);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sub))).isEqualTo("rwx------");
    }
}
