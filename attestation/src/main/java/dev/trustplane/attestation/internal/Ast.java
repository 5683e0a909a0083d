package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicySection;
import java.util.List;

/** The syntax tree of a policy, as the {@link Parser} builds it; immutable. */
public final class Ast {
    private Ast() {
    }

    /** A claim property that conditions test and references read. */
    public enum Property {
        TYPE, VALUE, ISSUER, VALUE_TYPE;

        static Property of(String word) {
            return switch (word.toLowerCase(java.util.Locale.ROOT)) {
                case "type" -> TYPE;
                case "value" -> VALUE;
                case "issuer" -> ISSUER;
                case "valuetype" -> VALUE_TYPE;
                default -> null;
            };
        }

        /** @return the property's name as policies spell it */
        public String spelling() {
            return this == VALUE_TYPE ? "valueType" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Comparison operators ({@code claim-rule-grammar.md}: integers all six, strings and booleans == and !=). */
    public enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** @return the operator as written */
        public String symbol() {
            return symbol;
        }

        /** @return whether the operator orders (integers only) */
        public boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    /** Action verbs ({@code claim-rule-grammar.md}, action table). */
    public enum Verb {
        PERMIT, DENY, ADD, ISSUE, ISSUEPROPERTY
    }

    /** The 1.2 functions ({@code claim-rule-functions.md}) with their arities. */
    public enum Function {
        JMESPATH("JmesPath", 2), JSONTOCLAIMVALUE("JsonToClaimValue", 1), ISSUBSETOF("IsSubsetOf", 2),
        APPENDSTRING("AppendString", 2), NEGATEBOOL("NegateBool", 1), CONTAINSONLYVALUE("ContainsOnlyValue", 2);

        private final String spelling;
        private final int arity;

        Function(String spelling, int arity) {
            this.spelling = spelling;
            this.arity = arity;
        }

        /** @return the name as the docs spell it */
        public String spelling() {
            return spelling;
        }

        /** @return the number of arguments */
        public int arity() {
            return arity;
        }
    }

    /** An expression: a literal, a claim property reference or a function call. */
    public sealed interface Expr permits Literal, Ref, Call {
        /** @return 1-based line */
        int line();

        /** @return 1-based column */
        int column();
    }

    /** @param value a {@link String}, {@link Long} or {@link Boolean} */
    public record Literal(Object value, int line, int column) implements Expr {
    }

    /** {@code ident.property}. */
    public record Ref(String ident, Property property, int line, int column) implements Expr {
    }

    /** {@code Function(args…)}. */
    public record Call(Function function, List<Expr> args, int line, int column) implements Expr {
    }

    /** {@code property op expr} inside a condition's brackets. */
    public record Test(Property property, Op op, Expr rhs, int line, int column) {
    }

    /**
     * {@code [ident:][tests]} or {@code ![tests]}.
     *
     * @param ident the binding name, or null
     * @param negated whether this is the 1.2 absence test
     * @param source the condition's text, for explanations
     */
    public record Condition(String ident, boolean negated, List<Test> tests, String source, int line, int column) {
    }

    /**
     * An action.
     *
     * @param claimRef for {@code issue(claim = c)}: the identifier; else null
     * @param type the claim type expression, or null for permit/deny and claim references
     * @param value the claim value expression, or null
     * @param valueType the declared value type expression, or null
     */
    public record Action(Verb verb, String claimRef, Expr type, Expr value, Expr valueType, int line, int column) {
    }

    /**
     * A claim rule: {@code conditions => action;}.
     *
     * @param source the rule's text, for explanations
     */
    public record Rule(PolicySection section, List<Condition> conditions, Action action, String source, int line, int column) {
    }

    /**
     * A whole policy.
     *
     * @param version "1.0", "1.1" or "1.2"
     */
    public record Policy(String version, List<Rule> configuration, List<Rule> authorization, List<Rule> issuance) {
    }
}
