package dev.trustplane.server.auth.rbac;

/**
 * A refused role-management request, with the Managed HSM error code the client sees. The message names the
 * offending field or value and never contains anything secret (role management handles no secrets).
 */
public final class RbacException extends RuntimeException {
    /** The kind of failure, which fixes the HTTP status. */
    public enum Kind { BAD_REQUEST, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String code;

    private RbacException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The wire error code, e.g. {@code BadParameter} or {@code RoleAssignmentExists}. */
    public String code() {
        return code;
    }

    static RbacException badParameter(String message) {
        return new RbacException(Kind.BAD_REQUEST, "BadParameter", message);
    }

    static RbacException badRequest(String code, String message) {
        return new RbacException(Kind.BAD_REQUEST, code, message);
    }

    static RbacException notFound(String code, String message) {
        return new RbacException(Kind.NOT_FOUND, code, message);
    }

    static RbacException conflict(String code, String message) {
        return new RbacException(Kind.CONFLICT, code, message);
    }
}
