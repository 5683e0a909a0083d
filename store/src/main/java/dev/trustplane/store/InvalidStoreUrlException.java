package dev.trustplane.store;

/**
 * The store location string given by the operator is malformed. The message says what is wrong in one
 * line and never repeats the password. Always has {@link StoreException.Code#INVALID_URL}.
 */
public final class InvalidStoreUrlException extends StoreException {

    public InvalidStoreUrlException(String message) {
        super(Code.INVALID_URL, message);
    }
}
