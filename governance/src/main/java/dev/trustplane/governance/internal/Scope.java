package dev.trustplane.governance.internal;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The context an expression is evaluated in: a policy rule (parameters, field, current, requestContext)
 * or an ARM template (parameters, variables, copyIndex, resourceGroup, resourceId). Functions that do not
 * depend on the context live in {@link Functions}.
 */
public interface Scope {

    /** Whether this scope defines the (lower-case) context function. */
    boolean defines(String lowerName);

    /**
     * Calls a context function this scope {@link #defines}; arguments are already evaluated.
     * Throws {@link EvalError} naming the problem when the arguments are wrong.
     */
    JsonNode call(String lowerName, List<JsonNode> args);

    /** The evaluation instant for {@code utcNow()}; fixed per run so results are reproducible. */
    Instant now();
}
