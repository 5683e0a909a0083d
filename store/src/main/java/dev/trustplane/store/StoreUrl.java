package dev.trustplane.store;

import dev.trustplane.store.internal.StoreUrlParser;

/**
 * Where the store lives, as given by the operator (for example {@code --store}). Immutable and validated.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code sqlite} — the file {@code <dataDir>/trustplane.db};
 *   <li>{@code sqlite:PATH} (also {@code jdbc:sqlite:PATH} and {@code sqlite:///abs/path}) — a SQLite file;
 *       a relative PATH is resolved against the data directory, not the working directory, so that a
 *       configuration stays valid wherever the server is started from;
 *   <li>{@code postgresql://[user[:password]@]host[:port]/database[?param=value&...]}, also with the
 *       schemes {@code postgres://} and {@code jdbc:postgresql://}. User and password are %-decoded;
 *       query parameters are handed to the PostgreSQL JDBC driver (for example {@code sslmode=verify-full}),
 *       {@code user} and {@code password} parameters are accepted as credentials.
 * </ul>
 *
 * <p>{@code toString()} never shows the password; error messages never repeat it.
 */
public sealed interface StoreUrl permits SqliteUrl, PostgresUrl {

    /** The default store: SQLite in the data directory. */
    SqliteUrl DEFAULT = new SqliteUrl(java.nio.file.Path.of("trustplane.db"));

    /**
     * Parses an operator-supplied location.
     *
     * @throws InvalidStoreUrlException with a one-line message naming what is wrong (never the password)
     */
    static StoreUrl parse(String text) {
        return StoreUrlParser.parse(text);
    }

    /** The database engine this location points to. */
    Dialect dialect();

    /** The location with any password replaced by {@code ***}: safe for logs and error messages. */
    @Override
    String toString();
}
