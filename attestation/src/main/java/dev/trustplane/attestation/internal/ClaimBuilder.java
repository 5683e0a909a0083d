package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.internal.Ast.Action;
import dev.trustplane.attestation.internal.Ast.Verb;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the claims an {@code add}, {@code issue} or {@code issueproperty} action makes: one per value of its
 * value set (none for the empty value, "a rule attempting to add or issue an empty claim results in a no-op",
 * {@code claim-rule-functions.md}), or copies of the claims an identifier bound for {@code claim = c}.
 * The issuer of every such claim is {@code AttestationPolicy} ({@code claim-rule-grammar.md}). A declared
 * {@code valueType} must be String, Integer or Boolean and must agree with each value; a string value is
 * converted to the declared Integer or Boolean when it spells one.
 */
final class ClaimBuilder {
    private ClaimBuilder() {
    }

    static List<Claim> build(Action a, RuleRunner runner, EvalContext ctx) {
        List<Claim> out = new ArrayList<>();
        if (a.claimRef() != null) {
            for (Claim c : runner.bound(a.claimRef())) {
                out.add(new Claim(c.type(), c.value(), Claim.POLICY));
            }
            return out;
        }
        List<Object> types = runner.evaluate(a.type());
        if (types.size() != 1 || !(types.get(0) instanceof String type) || type.isEmpty()) {
            throw new EvaluationException(a.line(), a.column(), "a claim type must be one non-empty string");
        }
        String declared = null;
        if (a.valueType() != null) {
            List<Object> vt = runner.evaluate(a.valueType());
            if (vt.size() != 1 || !(vt.get(0) instanceof String s) || !List.of("String", "Integer", "Boolean").contains(s)) {
                throw new EvaluationException(a.line(), a.column(), "valueType must be \"String\", \"Integer\" or \"Boolean\"");
            }
            declared = s;
        }
        for (Object v : runner.evaluate(a.value())) {
            Object value = declared == null ? v : convert(v, declared, a);
            if (value instanceof String s && s.length() > ctx.limits().maxStringLength()) {
                throw new EvaluationException(a.line(), a.column(), "claim value longer than " + ctx.limits().maxStringLength());
            }
            checkProperty(a, type, value);
            out.add(new Claim(type, value, Claim.POLICY));
        }
        return out;
    }

    private static Object convert(Object v, String declared, Action a) {
        if (Claim.valueTypeOf(v).equals(declared)) {
            return v;
        }
        if (v instanceof String s) {
            if (declared.equals("Boolean") && (s.equals("true") || s.equals("false"))) {
                return Boolean.parseBoolean(s);
            }
            if (declared.equals("Integer")) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
            }
        }
        throw new EvaluationException(a.line(), a.column(), "value " + Claim.show(v) + " is not of valueType " + declared);
    }

    private static void checkProperty(Action a, String type, Object value) {
        if (a.verb() != Verb.ISSUEPROPERTY) {
            return;
        }
        if (type.equals("require_valid_aik_cert") && !(value instanceof Boolean)
                || type.equals("required_pcr_mask") && !(value instanceof Long)
                || type.equals("omit_x5c") && !(value instanceof Boolean)
                || type.equals("report_validity_in_minutes") && !(value instanceof Long)) {
            throw new EvaluationException(a.line(), a.column(), "property " + type + " has the wrong value type "
                    + Claim.valueTypeOf(value) + " (policy-version-1-1.md)");
        }
    }
}
