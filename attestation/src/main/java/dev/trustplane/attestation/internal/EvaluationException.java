package dev.trustplane.attestation.internal;

/** A rule that cannot be evaluated (a function's argument constraint broken, a bound exceeded). */
public final class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param line 1-based line of the expression
     * @param column 1-based column of the expression
     * @param message what went wrong, safe to show to the policy author
     */
    public EvaluationException(int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
    }

    /** @param message what went wrong */
    public EvaluationException(String message) {
        super(message);
    }
}
