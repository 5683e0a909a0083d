package dev.trustplane.store;

import java.util.Objects;

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
}
