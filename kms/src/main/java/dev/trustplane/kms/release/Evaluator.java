package dev.trustplane.kms.release;

import java.math.BigDecimal;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates conditions over one claims set, short-circuiting in document order: allOf stops at its first
 * failing child, anyOf at its first passing one. The failure reported for a failed anyOf is its first child's.
 * Recursion depth is bounded by the parser's nesting cap; claim lookup is iterative.
 */
final class Evaluator {
    /** A failed claim condition and the sentence that explains it. */
    record Failure(FailedCondition condition, String explanation) {}

    private final JsonNode claims;

    Evaluator(JsonNode claims) {
        this.claims = claims;
    }

    /** Null when the block is satisfied, else its first failure. */
    Failure check(Condition.Authority block) {
        return check(block.conditions(), block);
    }

    private Failure check(Condition condition, Condition.Authority block) {
        return switch (condition) {
            case Condition.Group g when g.all() -> {
                for (Condition child : g.children()) {
                    Failure f = check(child, block);
                    if (f != null) {
                        yield f;
                    }
                }
                yield null;
            }
            case Condition.Group g -> {
                Failure first = null;
                for (Condition child : g.children()) {
                    Failure f = check(child, block);
                    if (f == null) {
                        yield null;
                    }
                    first = first == null ? f : first;
                }
                yield first;
            }
            case Condition.Claim c -> claim(c, block);
        };
    }

    private Failure claim(Condition.Claim c, Condition.Authority block) {
        JsonNode found = lookup(c);
        String problem = null;
        boolean holds;
        if (c.operator() == Operator.EXISTS) {
            holds = (found != null) == c.mustExist();
        } else if (found == null) {
            holds = false;
            problem = "the token has no such claim";
        } else if (!Scalars.isScalar(found)) {
            holds = false;
            problem = "which is not a string, number or boolean";
        } else if (c.operator().ordering()) {
            Optional<BigDecimal> n = Scalars.number(found);
            holds = n.isPresent() && compare(c.operator(), n.get().compareTo(c.number()));
            problem = n.isPresent() ? null : "which is not a number";
        } else {
            boolean same = Scalars.same(c.value(), found);
            holds = c.operator() == Operator.EQUALS ? same : !same;
        }
        if (holds) {
            return null;
        }
        String expected = c.operator() == Operator.EXISTS ? String.valueOf(c.mustExist()) : Scalars.display(c.value());
        String foundText = Scalars.display(found);
        String requirement = c.operator() == Operator.EXISTS
                ? (c.mustExist() ? "must be present" : "must be absent")
                : c.operator().phrase() + " " + expected;
        String explanation = "condition " + c.path() + " of authority " + KeyReleasePolicy.shown(block) + " failed: claim "
                + Scalars.quote(c.claim()) + " " + requirement + ", found " + foundText + (problem == null ? "" : ", " + problem);
        return new Failure(new FailedCondition(block.authority(), c.path(), c.claim(), c.operator().wire(), expected, foundText),
                explanation);
    }

    private static boolean compare(Operator op, int cmp) {
        return switch (op) {
            case LESS -> cmp < 0;
            case LESS_OR_EQUALS -> cmp <= 0;
            case GREATER -> cmp > 0;
            case GREATER_OR_EQUALS -> cmp >= 0;
            default -> throw new IllegalArgumentException(op.wire());
        };
    }

    /** Walks the dotted path through objects; an array, a scalar or a missing member on the way means missing. */
    private JsonNode lookup(Condition.Claim c) {
        JsonNode node = claims;
        for (String segment : c.segments()) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(segment);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
