package dev.trustplane.agent.evidence;

import java.util.Objects;

/**
 * Evidence could not be collected. The {@link #failure()} says what kind of problem it was, so callers
 * (the CLI, the refresh loop) decide whether retrying can help; the message names the device or file,
 * the field and, for malformed output, the byte offset. Messages never carry report contents or keys.
 */
public final class EvidenceCollectionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Failure {
        /** No such TEE interface here (device or directory absent, not a CVM). Not worth retrying. */
        NOT_AVAILABLE,
        /** The interface exists but may not be used (permissions). */
        ACCESS_DENIED,
        /** The kernel, firmware, host or TPM refused or failed the request. */
        DEVICE_ERROR,
        /** Another writer changed the request between our write and our read, more often than we retry. */
        RACE,
        /** The interface returned bytes that are not what it must return (size, layout, provider). */
        MALFORMED_OUTPUT,
        /** The caller's input is unusable (e.g. report data that is not 64 bytes). */
        INVALID_REQUEST
    }

    private final Failure failure;
    private final String field;
    private final long offset;

    /** A failure not tied to a field of the output. */
    public EvidenceCollectionException(Failure failure, String message) {
        this(failure, "", -1, message, null);
    }

    /** A failure with its cause (never a cause whose message may hold secrets). */
    public EvidenceCollectionException(Failure failure, String message, Throwable cause) {
        this(failure, "", -1, message, cause);
    }

    /** A failure at {@code field} (and {@code offset}, or -1) of what the interface returned. */
    public EvidenceCollectionException(Failure failure, String field, long offset, String message) {
        this(failure, field, offset, message, null);
    }

    private EvidenceCollectionException(Failure failure, String field, long offset, String message, Throwable cause) {
        super(format(field, offset, message), cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.field = Objects.requireNonNull(field, "field");
        this.offset = offset;
    }

    private static String format(String field, long offset, String message) {
        if (field.isEmpty()) {
            return message;
        }
        return offset >= 0 ? field + " at offset 0x" + Long.toHexString(offset) + ": " + message : field + ": " + message;
    }

    /** The kind of failure. */
    public Failure failure() {
        return failure;
    }

    /** The field at fault, or empty. */
    public String field() {
        return field;
    }

    /** The byte offset of the field, or -1. */
    public long offset() {
        return offset;
    }
}
