package dev.trustplane.store;

import java.sql.SQLException;
import java.util.Objects;
import org.jdbi.v3.core.ConnectionException;

/**
 * A failure of the store itself: bad location, database unreachable, migration refused, store closed.
 *
 * <p>Two faces: {@link #code()} is stable and meant for programs (the server maps {@link Code#UNAVAILABLE}
 * to 503, for instance); {@link #getMessage()} is one line for an operator. Messages name the location
 * (path, host, port, database, user) but never contain a password, SQL text or a stack trace. The
 * underlying driver exception, when there is one, is kept as the {@linkplain #getCause() cause} for logs.
 *
 * <p>Exceptions thrown by the caller's own SQL inside {@link Store#inTransaction} are <em>not</em>
 * wrapped: they reach the caller unchanged (see {@link Dialect#isUniqueViolation(Throwable)}).
 */
public class StoreException extends RuntimeException {

    /** Stable failure kinds. Names never change; new ones may be added. */
    public enum Code {
        /** The store location string is malformed. */
        INVALID_URL,
        /** The database cannot be reached or refused us (network, authentication, missing database). */
        UNAVAILABLE,
        /** The SQLite file or its directory cannot be used (not creatable, a directory, not a database). */
        BAD_LOCATION,
        /** A migration failed or the recorded history does not match the migrations on the classpath. */
        MIGRATION_FAILED,
        /** A write waited too long for its turn (SQLite admits one writer at a time). */
        BUSY,
        /** The store was closed. */
        CLOSED
    }

    private final Code code;

    public StoreException(Code code, String message) {
        this(code, message, null);
    }

    public StoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable kind of failure. */
    public Code code() {
        return code;
    }

    /**
     * Whether {@code failure} means the database could not be reached or went away, so that the same request may
     * succeed later: a {@link Code#UNAVAILABLE} anywhere in the cause chain, or, for reads through
     * {@link Store#jdbi()} (which are not translated), a failure to get a connection or SQLSTATE class 08
     * (connection exception) or 57P01-03 (server shutting down, crashed, or starting).
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException s && s.code == Code.UNAVAILABLE || t instanceof ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
