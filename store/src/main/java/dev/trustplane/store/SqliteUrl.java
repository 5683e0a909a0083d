package dev.trustplane.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A SQLite database file. A relative {@code file} is resolved against the data directory
 * ({@link #resolve(Path)}); {@link StoreUrl#DEFAULT} is {@code trustplane.db} in that directory.
 */
public record SqliteUrl(Path file) implements StoreUrl {

    public SqliteUrl {
        Objects.requireNonNull(file, "file");
        if (file.toString().isEmpty()) {
            throw new InvalidStoreUrlException("sqlite store path is empty");
        }
    }

    /**
     * The absolute, normalised file this location designates for the given data directory.
     *
     * @param dataDir may be null only when {@code file} is absolute
     */
    public Path resolve(Path dataDir) {
        Path resolved = file.isAbsolute() ? file : Objects.requireNonNull(dataDir, "dataDir").resolve(file);
        return resolved.toAbsolutePath().normalize();
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public String toString() {
        return "sqlite:" + file;
    }
}
