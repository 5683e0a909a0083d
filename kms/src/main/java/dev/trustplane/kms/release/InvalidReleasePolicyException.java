package dev.trustplane.kms.release;

import java.util.Objects;

/**
 * A release policy that does not follow the grammar. The message starts with the JSON path of the offending
 * node ({@code anyOf[0].allOf[2]: unknown operator 'equal'}, {@code $} for the document itself) and is safe
 * to return to API clients: it quotes only bounded, escaped fragments of the policy.
 */
public final class InvalidReleasePolicyException extends RuntimeException {
    private final String path;

    InvalidReleasePolicyException(String path, String problem) {
        super(Objects.requireNonNull(path, "path") + ": " + problem, null, false, false);
        this.path = path;
    }

    /** The JSON path of the bad node: {@code $} for the whole document, else e.g. {@code anyOf[1].allOf[0].claim}. */
    public String path() {
        return path;
    }
}
