package dev.trustplane.agent;

/** A release response that cannot be trusted or opened; the message says which check failed. */
public final class ReleaseResponseException extends Exception {
    public ReleaseResponseException(String message) {
        super(message);
    }

    public ReleaseResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
