package dev.trustplane.store;

import dev.trustplane.store.internal.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The database shared by all modules: a connection pool, transactions, and per-module migrations.
 *
 * <p>Thread-safe; one instance per process. Guarantees:
 * <ul>
 *   <li><b>Durability.</b> When {@link #inTransaction} returns, the transaction is committed durably:
 *       it survives a {@code kill -9} of the process and, on SQLite, an operating-system crash or power
 *       loss (SQLite runs with {@code synchronous=FULL} in WAL mode; PostgreSQL with its own settings).
 *   <li><b>Writes go through {@link #inTransaction}; {@link #jdbi()} is read-only.</b> This holds on both
 *       engines, so code tested on one behaves the same on the other.
 *   <li><b>Writers do not fail on contention.</b> On SQLite, which admits one writer at a time,
 *       transactions are queued fairly in process and begin with {@code BEGIN IMMEDIATE}, so they wait
 *       for their turn instead of failing with {@code SQLITE_BUSY}. Reads run concurrently with the writer
 *       and see committed data only (WAL snapshots).
 *   <li><b>Atomicity.</b> If the callback throws, everything it wrote is rolled back and the exception
 *       reaches the caller unchanged.
 * </ul>
 * Failures of the store itself (cannot connect, closed, migration refused) are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    /**
     * Opens the connection pools and checks a connection, failing within a few seconds.
     *
     * @param url     where the data lives
     * @param dataDir the data directory; relative SQLite paths resolve against it (may be null for
     *                PostgreSQL and absolute SQLite paths)
     * @throws StoreException {@code UNAVAILABLE} naming host, port, database and user when PostgreSQL
     *                        cannot be reached or refuses us; {@code BAD_LOCATION} naming the path when the
     *                        SQLite file or its directory cannot be created or is not a database
     */
    static Store open(StoreUrl url, Path dataDir) {
        Objects.requireNonNull(url, "url");
        return switch (url) {
            case SqliteUrl sqlite -> JdbcStore.openSqlite(sqlite.resolve(dataDir));
            case PostgresUrl postgres -> JdbcStore.openPostgres(postgres, postgres.password());
        };
    }

    /** Which SQL engine this is, for the few statements that differ. */
    Dialect dialect();

    /**
     * Jdbi over a pool of <em>read-only</em> connections, for queries; several run at once, also while a
     * write transaction is in progress. A write through it fails at once ({@code query_only} on SQLite,
     * read-only sessions on PostgreSQL). It does not see the uncommitted writes of a transaction
     * running on the same thread: inside {@link #inTransaction} use the handle given to the callback.
     */
    Jdbi jdbi();

    /**
     * Runs {@code callback} in one transaction on one connection and commits, or rolls back if it throws.
     * The only way to write. A nested call on the same thread joins the outer transaction.
     *
     * @throws X              whatever the callback throws, after rollback
     * @throws StoreException {@code UNAVAILABLE} if no connection can be had or it is lost, {@code BUSY} if a SQLite
     *                        write waited more than 30 s for its turn, {@code CLOSED} after {@link #close()}
     */
    <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X;

    /** {@link #inTransaction} without a result. */
    <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X;

    /**
     * Cheap liveness check for readiness probes: borrows a connection and validates it. Never throws and
     * never blocks longer than {@code timeout}; false when closed or the database does not answer in time.
     */
    boolean isReachable(Duration timeout);

    /** {@link #isReachable(Duration)} with a two-second timeout. */
    default boolean isReachable() {
        return isReachable(Duration.ofSeconds(2));
    }

    /**
     * Brings {@code owner}'s tables up to date with the migrations found under the classpath locations,
     * recording them in its own history table {@code flyway_history_<owner>}, so modules migrate
     * independently and in any order. Idempotent: a second call applies nothing. Scripts may use the
     * placeholders of {@link Dialect#migrationPlaceholders()}; a location may contain {@code {vendor}}
     * ({@code sqlite} or {@code postgresql}) for engine-specific scripts. On PostgreSQL concurrent
     * callers (several replicas) are serialised by Flyway with an advisory lock.
     *
     * @param owner     lower-case module name, {@code [a-z][a-z0-9_]*}, at most 40 characters
     * @param locations classpath folders, e.g. {@code db/ledger}; none means {@code db/<owner>}
     * @throws StoreException {@code MIGRATION_FAILED} when no migration is found, a script fails (its
     *                        changes are rolled back where the engine allows) or an applied script changed
     * @throws IllegalArgumentException if {@code owner} is not a valid name
     */
    Migration migrate(String owner, String... locations);

    /** Owners migrated successfully by this instance, with their outcome. For readiness reporting. */
    Map<String, Migration> migrations();

    /** Whether {@link #migrate} succeeded for {@code owner} on this instance. */
    default boolean isMigrated(String owner) {
        return migrations().containsKey(owner);
    }

    /** Closes the pool. Idempotent; afterwards every operation fails with {@code CLOSED}. */
    @Override
    void close();
}
