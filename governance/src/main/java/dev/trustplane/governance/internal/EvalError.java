package dev.trustplane.governance.internal;

/**
 * Unchecked carrier of an evaluation error deep inside expression or condition evaluation; the
 * evaluator converts it to a {@link dev.trustplane.governance.GovernanceException} with file and path.
 */
public final class EvalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    public EvalError(String jsonPath, String reason) {
        super(reason, null, false, false);
        this.jsonPath = jsonPath;
    }

    public String jsonPath() {
        return jsonPath;
    }
}
