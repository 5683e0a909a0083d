package dev.trustplane.server.securitydomain;

/**
 * A refused security-domain operation. The message is safe to show to the caller (it names fields, share
 * positions and domain ids, never share bytes or keys); {@link #kind} picks the HTTP status.
 */
public final class SecurityDomainException extends RuntimeException {
    /** Why it was refused. */
    public enum Kind {
        /** Malformed or inconsistent input (400 BadParameter). */
        BAD_PARAMETER,
        /** Not possible in the current state: already activated, no exchange key yet, foreign keys in the store (409). */
        CONFLICT
    }

    private final Kind kind;

    public SecurityDomainException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static SecurityDomainException bad(String message) {
        return new SecurityDomainException(Kind.BAD_PARAMETER, message);
    }

    static SecurityDomainException conflict(String message) {
        return new SecurityDomainException(Kind.CONFLICT, message);
    }
}
