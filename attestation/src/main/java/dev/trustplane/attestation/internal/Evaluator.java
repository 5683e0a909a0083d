package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.Explanation;
import dev.trustplane.attestation.PolicyDecision;
import dev.trustplane.attestation.PolicyLimits;
import dev.trustplane.attestation.RuleTrace;
import dev.trustplane.attestation.RuleTrace.Outcome;
import dev.trustplane.attestation.internal.Ast.Action;
import dev.trustplane.attestation.internal.Ast.Rule;
import dev.trustplane.attestation.internal.Ast.Verb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed policy over the incoming claims.
 *
 * <p>Semantics, with sources (MicrosoftDocs/azure-docs {@code articles/attestation/}):
 * <ol>
 *   <li>Sections run in order configurationrules → authorizationrules → issuancerules; rules in the order
 *       written ("The claim rules apply in the order they are defined", {@code policy-version-1-0.md}). A rule
 *       without conditions always runs its action; otherwise only when its conditions list holds
 *       ({@code claim-rule-grammar.md}, "evaluation of a claim rule").</li>
 *   <li>{@code add} puts a claim (issuer {@code AttestationPolicy}) into the incoming set for later rules;
 *       {@code issue} also into the outgoing set (the token); {@code issueproperty} also into the property set
 *       ({@code claim-rule-grammar.md}, action table).</li>
 *   <li>Authorization: every rule is evaluated. The result is <em>permit</em> exactly when at least one
 *       {@code permit()} ran and no {@code deny()} ran; nothing permitting denies. The docs state only that
 *       authorization rules "can be used to fail attestation" and that deny means the claims "should not be
 *       used to compute the issuancerules". The precise rule is that of the AD FS claim rule language whose syntax
 *       this language shares ("Using Claim Rules for Authorization", AD FS 2.0, learn.microsoft.com
 *       ee918719): "If no permit claim is placed into the output set, the user is denied access (deny by
 *       default). If a deny claim is placed into the output set, the user is denied access (deny
 *       overrides)." It is also the reading under which Microsoft's own signed SGX example
 *       ({@code … [value==true] => deny(); => permit();}) denies debuggable enclaves.</li>
 *   <li>Issuance runs only when permitted and cannot deny ({@code policy-version-1-0.md}); a type issued
 *       several times becomes a list in the token.</li>
 *   <li>An evaluation error (a function's argument constraint broken, a bound exceeded) denies, with the
 *       error in the explanation: a policy that cannot be evaluated cannot vouch for evidence.</li>
 * </ol>
 */
public final class Evaluator {
    private final Ast.Policy policy;
    private final EvalContext ctx;
    private final List<RuleTrace> trace = new ArrayList<>();
    private final Map<String, List<Object>> issued = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<Integer> permits = new ArrayList<>();
    private final List<Integer> denies = new ArrayList<>();

    private Evaluator(Ast.Policy policy, EvalContext ctx) {
        this.policy = policy;
        this.ctx = ctx;
    }

    /**
     * @param policy the parsed policy
     * @param claims the incoming claims
     * @param limits the evaluation bounds
     * @return the decision, with an explanation of every rule evaluated
     */
    public static PolicyDecision evaluate(Ast.Policy policy, List<Claim> claims, PolicyLimits limits) {
        Evaluator e;
        try {
            e = new Evaluator(policy, new EvalContext(limits, claims));
        } catch (EvaluationException ex) {
            return new PolicyDecision(false, Map.of(), Map.of(), new Explanation("denied: " + ex.getMessage(), List.of()));
        }
        return e.run();
    }

    private PolicyDecision run() {
        try {
            policy.configuration().forEach(this::runRule);
            policy.authorization().forEach(this::runRule);
            if (!denies.isEmpty() || permits.isEmpty()) {
                String why = !denies.isEmpty() ? "denied by authorizationrules line " + join(denies) + " (deny())"
                        : "denied: no authorization rule permitted";
                return new PolicyDecision(false, Map.of(), properties, new Explanation(why, trace));
            }
            policy.issuance().forEach(this::runRule);
        } catch (EvaluationException ex) {
            return new PolicyDecision(false, Map.of(), properties,
                    new Explanation("denied: evaluation error at " + ex.getMessage(), trace));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        issued.forEach((type, values) -> out.put(type, values.size() == 1 ? values.get(0) : List.copyOf(values)));
        return new PolicyDecision(true, out, properties,
                new Explanation("permitted by authorizationrules line " + join(permits), trace));
    }

    private void runRule(Rule rule) {
        RuleRunner runner = new RuleRunner(ctx);
        try {
            String failed = runner.failedCondition(rule);
            if (failed != null) {
                trace.add(traceOf(rule, Outcome.NOT_MATCHED, failed));
                return;
            }
            trace.add(traceOf(rule, Outcome.FIRED, act(rule, runner)));
        } catch (EvaluationException ex) {
            trace.add(traceOf(rule, Outcome.ERROR, ex.getMessage()));
            throw ex;
        }
    }

    private String act(Rule rule, RuleRunner runner) {
        Action a = rule.action();
        if (a.verb() == Verb.PERMIT) {
            permits.add(rule.line());
            return "permit()";
        }
        if (a.verb() == Verb.DENY) {
            denies.add(rule.line());
            return "deny()";
        }
        List<Claim> made = ClaimBuilder.build(a, runner, ctx);
        List<String> done = new ArrayList<>();
        for (Claim c : made) {
            ctx.add(c, a.line(), a.column());
            if (a.verb() == Verb.ISSUE) {
                issued.computeIfAbsent(c.type(), k -> new ArrayList<>()).add(Claim.toOutput(c.value()));
            } else if (a.verb() == Verb.ISSUEPROPERTY) {
                properties.put(c.type(), Claim.toOutput(c.value()));
            }
            done.add(c.type() + " = " + Claim.show(c.value()));
        }
        String verb = a.verb().name().toLowerCase(java.util.Locale.ROOT);
        return made.isEmpty() ? verb + ": empty value, no claim (no-op)" : verb + " " + String.join(", ", done);
    }

    private static RuleTrace traceOf(Rule rule, Outcome outcome, String detail) {
        return new RuleTrace(rule.section(), rule.line(), rule.column(), rule.source(), outcome, detail);
    }

    private static String join(List<Integer> lines) {
        return String.join(", ", lines.stream().map(String::valueOf).toList());
    }
}
