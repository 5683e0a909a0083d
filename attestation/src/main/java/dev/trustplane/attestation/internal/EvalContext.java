package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicyLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The mutable state of one evaluation: the incoming claim set and the work budget. */
final class EvalContext {
    private final PolicyLimits limits;
    private final List<Claim> claims;
    private final JsonMapper json;
    private long steps;

    EvalContext(PolicyLimits limits, List<Claim> input) {
        this.limits = limits;
        this.claims = new ArrayList<>(input);
        this.json = JsonSupport.reader(limits.maxJsonDepth(), limits.maxStringLength());
        if (claims.size() > limits.maxClaims()) {
            throw new EvaluationException("more than " + limits.maxClaims() + " incoming claims");
        }
    }

    PolicyLimits limits() {
        return limits;
    }

    JsonMapper json() {
        return json;
    }

    List<Claim> claims() {
        return Collections.unmodifiableList(claims);
    }

    void add(Claim claim, int line, int column) {
        if (claims.size() >= limits.maxClaims()) {
            throw new EvaluationException(line, column, "more than " + limits.maxClaims() + " claims in the incoming set");
        }
        claims.add(claim);
    }

    void step(int line, int column) {
        if (++steps > limits.maxSteps()) {
            throw new EvaluationException(line, column, "evaluation exceeded " + limits.maxSteps() + " steps");
        }
    }

    void checkString(String s, Ast.Call call) {
        if (s.length() > limits.maxStringLength()) {
            throw new EvaluationException(call.line(), call.column(),
                    call.function().spelling() + " result longer than " + limits.maxStringLength() + " characters");
        }
    }
}
