package dev.trustplane.attestation;

/** A policy upload body that is neither policy text nor a well-formed policy JWT/JWS; the message is safe to show. */
public final class PolicyUploadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the body */
    public PolicyUploadException(String message) {
        super(message);
    }
}
