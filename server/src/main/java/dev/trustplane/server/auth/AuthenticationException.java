package dev.trustplane.server.auth;

/** A bearer token was not accepted. The reason is for metrics and logs; clients only see "not accepted". */
public final class AuthenticationException extends Exception {
    /** Why a token was refused; used as a metrics tag, so the set is small and fixed. */
    public enum Reason { MISSING, MALFORMED, UNKNOWN, REVOKED, EXPIRED }

    private final Reason reason;

    public AuthenticationException(Reason reason) {
        super("bearer token not accepted: " + reason.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
