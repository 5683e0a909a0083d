package dev.trustplane.agent.envelope;

/** An envelope that cannot be opened: malformed, tampered, for another key, or with other associated data. */
public final class EnvelopeException extends Exception {
    public EnvelopeException(String message) {
        super(message);
    }

    public EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
