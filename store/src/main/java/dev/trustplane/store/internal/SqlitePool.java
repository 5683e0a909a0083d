package dev.trustplane.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreException.Code;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite connection pool and its durability settings.
 *
 * <p>Settings are driver properties, applied by sqlite-jdbc to every new connection (an init-SQL string
 * would run only its first PRAGMA):
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers do not block the writer and vice versa.
 *   <li>{@code synchronous=FULL}: each commit fsyncs the WAL before it is acknowledged. {@code NORMAL}
 *       would already survive {@code kill -9} (the OS still holds the written pages), but may lose the
 *       last commits on power loss or kernel crash; an audit ledger must not forget acknowledged
 *       decisions, and one fsync per commit is cheap next to the signatures around each append.
 *   <li>{@code transaction_mode=IMMEDIATE}: transactions take the write lock at {@code BEGIN}, so they
 *       never fail half-way when upgrading a read lock (the classic deferred-transaction SQLITE_BUSY).
 *   <li>{@code busy_timeout=5000}: waits for another process holding the lock (default is 0: fail at once).
 *   <li>{@code foreign_keys=true}: SQLite ignores foreign keys unless asked.
 * </ul>
 *
 * <p>Two pools over the same file: a <em>writer</em> with one connection, used only under the
 * {@link WriteLock}, and <em>readers</em> with four connections set to {@code query_only} and deferred
 * transactions, so reads never take the write lock and a write sent the wrong way fails at once instead
 * of competing with the writer.
 */
final class SqlitePool {

    private SqlitePool() {}

    static HikariDataSource writer(Path file) {
        prepareDirectory(file);
        var config = config(file, "trustplane-sqlite-writer", "IMMEDIATE");
        config.setMaximumPoolSize(1);
        return open(file, config);
    }

    static HikariDataSource readers(Path file) {
        var config = config(file, "trustplane-sqlite-readers", "DEFERRED");
        config.setConnectionInitSql("PRAGMA query_only = true");
        config.setMaximumPoolSize(4);
        return open(file, config);
    }

    private static HikariConfig config(Path file, String poolName, String transactionMode) {
        var config = new HikariConfig();
        config.setPoolName(poolName);
        config.setDriverClassName("org.sqlite.JDBC");
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("transaction_mode", transactionMode);
        config.addDataSourceProperty("busy_timeout", "5000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(1);
        return config;
    }

    private static HikariDataSource open(Path file, HikariConfig config) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(Code.BAD_LOCATION, "cannot use SQLite store " + file + ": " + reason(e), e);
        }
    }

    private static void prepareDirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new StoreException(Code.BAD_LOCATION, "SQLite store path " + file + " is a directory");
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Code.BAD_LOCATION,
                    "cannot create directory " + dir + " for the SQLite store: a file is in the way", e);
        } catch (IOException | SecurityException e) {
            throw new StoreException(Code.BAD_LOCATION,
                    "cannot create directory " + dir + " for the SQLite store: " + e.getClass().getSimpleName(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException(Code.BAD_LOCATION, "directory " + dir + " of the SQLite store is not writable");
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                return switch (code) {
                    case SQLITE_NOTADB -> "the file is not a SQLite database";
                    case SQLITE_CANTOPEN -> "the file cannot be opened";
                    case SQLITE_READONLY, SQLITE_PERM -> "the file is read-only";
                    case SQLITE_CORRUPT -> "the database file is corrupt";
                    default -> "SQLite error " + code.name();
                };
            }
        }
        return e.getClass().getSimpleName();
    }
}
