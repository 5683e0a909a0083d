package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.internal.Ast.Op;

/**
 * Comparison of claim values ({@code claim-rule-grammar.md}: integers support all six operators, strings and
 * booleans {@code ==} and {@code !=}). Values of different types never satisfy a comparison, not even
 * {@code !=}: no coercion, so a mistyped policy denies rather than permits. A JSON-structured value compares as
 * its JSON text (a string).
 */
final class Values {
    private Values() {
    }

    static boolean compare(Object left, Op op, Object right) {
        Object l = normal(left);
        Object r = normal(right);
        if (l instanceof Long a && r instanceof Long b) {
            int c = Long.compare(a, b);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
        if (op.ordering() || l.getClass() != r.getClass()) {
            return false;
        }
        return (op == Op.EQ) == l.equals(r);
    }

    static boolean same(Object a, Object b) {
        return compare(a, Op.EQ, b);
    }

    private static Object normal(Object v) {
        return v instanceof Claim.Json j ? j.text() : v;
    }
}
