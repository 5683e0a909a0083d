package dev.trustplane.attestation;

import java.util.List;
import java.util.Objects;

/**
 * Why a policy permitted or denied: a one-line summary naming the deciding rule(s), and a trace of every rule
 * evaluated, in order.
 *
 * @param summary e.g. {@code "permitted by authorizationrules line 3"} or
 *     {@code "denied: no authorization rule permitted"}
 * @param rules every rule evaluated, in evaluation order
 */
public record Explanation(String summary, List<RuleTrace> rules) {
    /** Copies the trace. */
    public Explanation {
        Objects.requireNonNull(summary, "summary");
        rules = List.copyOf(rules);
    }

    /** @return the summary and each traced rule, one per line */
    public String render() {
        StringBuilder sb = new StringBuilder(summary);
        for (RuleTrace r : rules) {
            sb.append('\n').append("  ").append(r);
        }
        return sb.toString();
    }
}
