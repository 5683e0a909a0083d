package dev.trustplane.attestation;

/**
 * A policy text that does not follow the Azure Attestation policy grammar, or that breaks a rule the grammar
 * implies (an unknown identifier, an action not allowed in its section, a 1.2 feature in a 1.0 policy).
 *
 * <p>The message is safe to return to the policy's author: it names the position, what was expected and what
 * was found, never anything beyond the policy text itself.
 */
public final class PolicyParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String expected;
    private final String found;

    /**
     * @param line 1-based line of the offending token
     * @param column 1-based column (in UTF-16 characters) of the offending token
     * @param expected what the grammar allows here, e.g. {@code "'=>'"}
     * @param found what the text holds here, e.g. {@code "'permit'"} or {@code "end of policy"}
     */
    public PolicyParseException(int line, int column, String expected, String found) {
        super("line " + line + ", column " + column + ": expected " + expected + " but found " + found);
        this.line = line;
        this.column = column;
        this.expected = expected;
        this.found = found;
    }

    /** @return the 1-based line */
    public int line() {
        return line;
    }

    /** @return the 1-based column */
    public int column() {
        return column;
    }

    /** @return what the grammar allows at this position */
    public String expected() {
        return expected;
    }

    /** @return what the text holds at this position */
    public String found() {
        return found;
    }
}
