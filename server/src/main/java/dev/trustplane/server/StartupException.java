package dev.trustplane.server;

/**
 * The server cannot start: bad data dir, port in use, unusable TLS material, unreachable store.
 * The message is one line for the operator; it never contains secrets.
 */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
