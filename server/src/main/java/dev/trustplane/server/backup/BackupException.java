package dev.trustplane.server.backup;

/** A refused backup or restore; the message names the reason and is safe to show. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message, null, false, false);
    }
}
