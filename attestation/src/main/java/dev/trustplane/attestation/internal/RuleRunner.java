package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.internal.Ast.Condition;
import dev.trustplane.attestation.internal.Ast.Expr;
import dev.trustplane.attestation.internal.Ast.Property;
import dev.trustplane.attestation.internal.Ast.Rule;
import dev.trustplane.attestation.internal.Ast.Test;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates one rule's conditions ({@code claim-rule-grammar.md}, "Evaluation of conditions list"):
 * conditions are checked left to right and all must hold; a condition holds when at least one claim of the
 * current incoming set satisfies every one of its property tests; {@code ![…]} holds when none does
 * ({@code claim-rule-functions.md}, "Not condition operator"). An identifier binds the set of all claims that
 * satisfied its condition, so {@code c.value} is the set of their values: a test against a set holds when it
 * holds for at least one member, a function receives the whole set ({@code ContainsOnlyValue(c.value, true)},
 * {@code IsSubsetOf(c1.value, c2.value)} in the docs), and an action whose value is a set of n values makes n
 * claims. The action runs at most once per rule.
 */
final class RuleRunner {
    private final EvalContext ctx;
    private final Map<String, List<Claim>> bindings = new HashMap<>();

    RuleRunner(EvalContext ctx) {
        this.ctx = ctx;
    }

    /** @return null when every condition holds, else why the first failing one does not */
    String failedCondition(Rule rule) {
        int index = 0;
        for (Condition condition : rule.conditions()) {
            index++;
            List<List<Object>> expected = new ArrayList<>();
            for (Test test : condition.tests()) {
                expected.add(evaluate(test.rhs()));
            }
            List<Claim> matched = new ArrayList<>();
            for (Claim claim : ctx.claims()) {
                if (satisfies(claim, condition, expected)) {
                    matched.add(claim);
                }
            }
            if (condition.negated() && !matched.isEmpty()) {
                return "condition " + index + " " + condition.source() + " failed: a matching claim is present ("
                        + describe(matched) + ")";
            }
            if (!condition.negated() && matched.isEmpty()) {
                return "condition " + index + " " + condition.source() + " failed: " + nearMisses(condition);
            }
            if (condition.ident() != null) {
                bindings.put(condition.ident().toLowerCase(Locale.ROOT), matched);
            }
        }
        return null;
    }

    List<Claim> bound(String ident) {
        return bindings.getOrDefault(ident.toLowerCase(Locale.ROOT), List.of());
    }

    List<Object> evaluate(Expr expr) {
        return switch (expr) {
            case Ast.Literal lit -> List.of(lit.value());
            case Ast.Ref ref -> {
                List<Object> values = new ArrayList<>();
                for (Claim c : bound(ref.ident())) {
                    values.add(property(c, ref.property()));
                }
                yield values;
            }
            case Ast.Call call -> {
                List<List<Object>> args = new ArrayList<>();
                for (Expr arg : call.args()) {
                    args.add(evaluate(arg));
                }
                yield Functions.apply(call, args, ctx);
            }
        };
    }

    /** A test's right-hand side never depends on the candidate claim, so it is evaluated once per condition. */
    private boolean satisfies(Claim claim, Condition condition, List<List<Object>> expectedPerTest) {
        for (int i = 0; i < condition.tests().size(); i++) {
            Test test = condition.tests().get(i);
            ctx.step(test.line(), test.column());
            Object actual = property(claim, test.property());
            boolean any = false;
            for (Object expected : expectedPerTest.get(i)) {
                if (Values.compare(actual, test.op(), expected)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private String nearMisses(Condition condition) {
        String type = null;
        for (Test t : condition.tests()) {
            if (t.property() == Property.TYPE && t.op() == Ast.Op.EQ && t.rhs() instanceof Ast.Literal lit
                    && lit.value() instanceof String s) {
                type = s;
            }
        }
        if (type == null) {
            return "no claim satisfies it";
        }
        List<Claim> sameType = new ArrayList<>();
        for (Claim c : ctx.claims()) {
            if (c.type().equals(type)) {
                sameType.add(c);
            }
        }
        return sameType.isEmpty() ? "no claim of type \"" + type + "\"" : "claims of that type hold " + describe(sameType);
    }

    private static String describe(List<Claim> claims) {
        List<String> parts = new ArrayList<>();
        for (Claim c : claims.subList(0, Math.min(5, claims.size()))) {
            parts.add(c.type() + " = " + Claim.show(c.value()) + " (issuer " + c.issuer() + ")");
        }
        return String.join(", ", parts) + (claims.size() > 5 ? ", …" : "");
    }

    static Object property(Claim claim, Property property) {
        return switch (property) {
            case TYPE -> claim.type();
            case VALUE -> claim.value();
            case ISSUER -> claim.issuer();
            case VALUE_TYPE -> claim.valueType();
        };
    }
}
