package dev.trustplane.cli;

/** Bad flags, settings or input files: printed as one line, exit code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
