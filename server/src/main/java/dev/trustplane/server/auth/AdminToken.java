package dev.trustplane.server.auth;

import dev.trustplane.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap administrator token: created on first start and written to {@code DIR/admin.token}
 * (one line, mode 0600). Only the file's path is logged, never the token.
 */
public final class AdminToken {
    public static final String FILE = "admin.token";
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {}

    /** Creates the token and its file unless the file exists. Returns the file. */
    public static Path ensure(Path dataDir, TokenService tokens) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return file;
        }
        IssuedToken issued = tokens.create("bootstrap administrator", RoleAuthorizer.ADMINISTRATOR, "/", Optional.empty());
        SecureFiles.createNew(file, issued.bearer() + "\n", SecureFiles.OWNER_ONLY);
        LOG.info("created the bootstrap administrator token in {} (id {}); keep this file secret", file, issued.info().id());
        return file;
    }

    /** Reads the token from a file written by {@link #ensure}. */
    public static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }
}
