package dev.trustplane.ledger;

import java.util.Objects;

/**
 * A ledger operation failed. {@link #code()} is stable, for programs (the server maps it to an HTTP
 * status); the message is one safe line for people and never contains entry contents or key material.
 */
public class LedgerException extends RuntimeException {

    /** Stable failure kinds. */
    public enum Code {
        /** The entry is larger than the configured limit. */
        ENTRY_TOO_LARGE,
        /** The entry or an argument is malformed (content type, collection id, tile path, sizes). */
        INVALID_ARGUMENT,
        /** The index, tile or tree size is beyond the current tree. */
        NOT_FOUND,
        /** A cosignature is from an unknown witness or does not verify. */
        INVALID_COSIGNATURE,
        /** Stored data contradicts itself (a bug or tampering with the database); the log refuses to go on. */
        INCONSISTENT,
        /** The ledger was closed, or the append was interrupted before it became durable. */
        UNAVAILABLE
    }

    private final Code code;

    public LedgerException(Code code, String message) {
        this(code, message, null);
    }

    public LedgerException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}
