package dev.trustplane.server.tls;

/** TLS material is missing, unreadable or inconsistent. The message is safe to print: it never holds key bytes. */
public final class TlsException extends Exception {
    public TlsException(String message) {
        super(message);
    }
}
