package dev.trustplane.kms;

import java.util.Objects;

/**
 * A refused or failed KMS operation, with a stable {@link Code} whose {@link Code#wire()} name is Key Vault's
 * error code. Messages are safe to show to the caller: they name keys, algorithms and sizes, never key
 * material, plaintext or database details.
 */
public class KmsException extends RuntimeException {

    /** Failure kinds, each with Key Vault's wire code. */
    public enum Code {
        /** Malformed or unsupported input: sizes, algorithms, names, JWKs, attributes. HTTP 400. */
        BAD_PARAMETER("BadParameter"),
        /** The key, version or deleted key does not exist. HTTP 404. */
        KEY_NOT_FOUND("KeyNotFound"),
        /** The key exists but its state or attributes refuse the operation (disabled, not yet valid, expired, key_ops). HTTP 403. */
        FORBIDDEN("Forbidden"),
        /** The request conflicts with the key's state (name held by a deleted key, immutable policy, purge protection). HTTP 409. */
        CONFLICT("Conflict"),
        /** The master key cannot seal or open key material (wrong master key, HSM unavailable). HTTP 500/503. */
        MASTER_KEY_UNAVAILABLE("InternalError");

        private final String wire;

        Code(String wire) {
            this.wire = wire;
        }

        /** Key Vault's error code string. */
        public String wire() {
            return wire;
        }
    }

    private final Code code;

    public KmsException(Code code, String message) {
        this(code, message, null);
    }

    public KmsException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }

    public static KmsException badParameter(String message) {
        return new KmsException(Code.BAD_PARAMETER, message);
    }

    public static KmsException notFound(String message) {
        return new KmsException(Code.KEY_NOT_FOUND, message);
    }

    public static KmsException forbidden(String message) {
        return new KmsException(Code.FORBIDDEN, message);
    }

    public static KmsException conflict(String message) {
        return new KmsException(Code.CONFLICT, message);
    }
}
