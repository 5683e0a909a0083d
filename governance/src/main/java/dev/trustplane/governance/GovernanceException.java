package dev.trustplane.governance;

/**
 * A policy or an input that cannot be evaluated faithfully: malformed JSON, an unknown alias or function,
 * a parameter outside its allowed values, an unsupported template feature. It always names the file and
 * the JSON path (RFC 6901 pointer) of the offending node, so the gate never passes silently on input it
 * did not understand.
 */
public final class GovernanceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String jsonPath;
    private final String reason;

    public GovernanceException(String file, String jsonPath, String reason) {
        super((file == null ? "" : file + ": ") + (jsonPath == null || jsonPath.isEmpty() ? "" : jsonPath + ": ") + reason);
        this.file = file;
        this.jsonPath = jsonPath;
        this.reason = reason;
    }

    /** The file the error was found in, or null when the input was not read from a file. */
    public String file() {
        return file;
    }

    /** JSON pointer of the node at fault inside {@link #file()}. */
    public String jsonPath() {
        return jsonPath;
    }

    public String reason() {
        return reason;
    }

    /** The same error located in {@code newFile} when it had no file yet. */
    public GovernanceException inFile(String newFile) {
        return file != null ? this : new GovernanceException(newFile, jsonPath, reason);
    }
}
