package dev.trustplane.kms.release;

/**
 * Why a release did not happen, with the HTTP-level category it maps to. Messages reach the caller: they
 * name the failed check and never contain key material or the token itself.
 */
public final class ReleaseException extends RuntimeException {
    /** The category, which the server maps to 400 or 403. */
    public enum Kind {
        /** Malformed request: bad {@code enc}, no usable transfer key, malformed token. */
        BAD_REQUEST,
        /** The token is not acceptable: bad signature, expired, unknown or untrusted issuer (403). */
        TOKEN_REJECTED,
        /** A valid token that the key's release policy (or the key's state) does not allow (403). */
        DENIED
    }

    private final Kind kind;
    private final String code;

    public ReleaseException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** Error code: {@code BadParameter}, {@code AttestationTokenRejected} or {@code Forbidden}. */
    public String code() {
        return code;
    }

    public static ReleaseException badRequest(String message) {
        return new ReleaseException(Kind.BAD_REQUEST, "BadParameter", message);
    }

    static ReleaseException untrusted(String message) {
        return new ReleaseException(Kind.TOKEN_REJECTED, "AttestationTokenRejected", message);
    }

    public static ReleaseException denied(String message) {
        return new ReleaseException(Kind.DENIED, "Forbidden", message);
    }
}
