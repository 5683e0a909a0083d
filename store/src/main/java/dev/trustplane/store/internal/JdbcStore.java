package dev.trustplane.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.trustplane.store.Dialect;
import dev.trustplane.store.Migration;
import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreException.Code;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} over two Hikari pools and two Jdbi instances: one for transactions (writes) and one,
 * read-only, for queries. On SQLite the writer pool has a single connection used only under the
 * {@link WriteLock}, taken <em>before</em> the connection is borrowed, so queued writers hold no
 * connection and readers are never starved by them.
 */
public final class JdbcStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Dialect dialect;
    private final String location;
    private final HikariDataSource writers;
    private final HikariDataSource readers;
    private final Jdbi writeJdbi;
    private final Jdbi readJdbi;
    private final WriteLock writeLock;
    private final Map<String, Migration> migrations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private JdbcStore(Dialect dialect, String location, String settings, HikariDataSource writers,
                      HikariDataSource readers) {
        this.dialect = dialect;
        this.location = location;
        this.writers = writers;
        this.readers = readers;
        this.writeJdbi = Jdbi.create(writers);
        this.readJdbi = Jdbi.create(readers);
        this.writeLock = dialect == Dialect.SQLITE ? new WriteLock() : null;
        LOG.info("Opened store {} ({})", location, settings);
    }

    public static Store openSqlite(Path file) {
        HikariDataSource writers = SqlitePool.writer(file);
        return new JdbcStore(Dialect.SQLITE, "sqlite:" + file, "WAL, synchronous=FULL, one writer",
                writers, closingOnFailure(writers, () -> SqlitePool.readers(file)));
    }

    public static Store openPostgres(PostgresUrl url, String password) {
        HikariDataSource writers = PostgresPool.open(url, password, false);
        return new JdbcStore(Dialect.POSTGRESQL, url.toString(), "read-write and read-only pools",
                writers, closingOnFailure(writers, () -> PostgresPool.open(url, password, true)));
    }

    private static HikariDataSource closingOnFailure(HikariDataSource opened, Supplier<HikariDataSource> next) {
        try {
            return next.get();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Jdbi jdbi() {
        checkOpen();
        return readJdbi;
    }

    @Override
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        checkOpen();
        if (writeLock == null) {
            return translated(callback);
        }
        writeLock.acquire();
        try {
            return translated(callback);
        } finally {
            writeLock.release();
        }
    }

    @Override
    public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X {
        inTransaction(callback.asCallback());
    }

    /** Connection trouble becomes UNAVAILABLE (the server answers 503); the callback's own failures pass. */
    private <R, X extends Exception> R translated(HandleCallback<R, X> callback) throws X {
        try {
            return writeJdbi.inTransaction(callback);
        } catch (ConnectionException e) {
            throw new StoreException(closed ? Code.CLOSED : Code.UNAVAILABLE,
                    closed ? "store is closed" : "no database connection available for " + location, e);
        } catch (JdbiException e) {
            if (StoreException.isUnavailable(e)) {
                throw new StoreException(Code.UNAVAILABLE, "lost the database connection to " + location, e);
            }
            throw e;
        }
    }

    @Override
    public boolean isReachable(Duration timeout) {
        if (closed) {
            return false;
        }
        var answer = new CompletableFuture<Boolean>();
        Thread.ofVirtual().name("store-ping").start(() -> answer.complete(ping(timeout)));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("Store {} did not answer within {}", location, timeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean ping(Duration timeout) {
        try (Connection connection = readers.getConnection()) {
            boolean valid = connection.isValid((int) Math.max(1, timeout.toSeconds()));
            if (!valid) {
                readers.evictConnection(connection);
            }
            return valid;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Store {} is unreachable: {}", location, e.toString());
            return false;
        }
    }

    @Override
    public Migration migrate(String owner, String... locations) {
        checkOpen();
        if (writeLock != null) {
            writeLock.acquire();
        }
        try {
            Migration result = Migrator.migrate(writers, dialect, owner, locations);
            migrations.put(owner, result);
            return result;
        } finally {
            if (writeLock != null) {
                writeLock.release();
            }
        }
    }

    @Override
    public Map<String, Migration> migrations() {
        return Map.copyOf(migrations);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            readers.close();
            writers.close();
            LOG.info("Closed store {}", location);
        }
    }

    @Override
    public String toString() {
        return "Store[" + location + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(Code.CLOSED, "store is closed");
        }
    }
}
