package dev.trustplane.server.servicekeys;

/** A service key in the store cannot be used; the message names the key and what to do, never key material. */
public final class ServiceKeyException extends RuntimeException {
    public ServiceKeyException(String message) {
        super(message);
    }
}
