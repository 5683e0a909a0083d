package dev.trustplane.evidence.kds;

/** Collateral could not be had. The message names the URL path and the reason, never more. */
public final class KdsException extends Exception {
    /** Why. */
    public enum Kind {
        /** Offline mode, and the item is not in the cache. */
        NOT_CACHED,
        /** KDS answered 404: no such certificate (e.g. a TCB AMD never issued). */
        NOT_FOUND,
        /** The network failed or KDS kept answering 429/5xx until the retries ran out. */
        UNAVAILABLE,
        /** KDS answered something that is not what was asked for. */
        BAD_RESPONSE
    }

    private final Kind kind;

    public KdsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
