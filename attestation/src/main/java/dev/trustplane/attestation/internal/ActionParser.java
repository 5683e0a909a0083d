package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.PolicySection;
import dev.trustplane.attestation.internal.Ast.Action;
import dev.trustplane.attestation.internal.Ast.Expr;
import dev.trustplane.attestation.internal.Ast.Verb;
import dev.trustplane.attestation.internal.Token.Kind;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a rule's action: {@code permit()}, {@code deny()}, or {@code add/issue/issueproperty} with either
 * {@code claim = ident} or named arguments {@code type = expr, value = expr [, valueType = expr]} in any order
 * ({@code claim-rule-grammar.md}). Which verbs a section allows follows the grammar's action table.
 */
final class ActionParser {
    private final Parser p;
    private final Set<String> bound;

    ActionParser(Parser p, Set<String> bound) {
        this.p = p;
        this.bound = bound;
    }

    Action action(PolicySection section) {
        Token name = p.peek();
        Verb verb = null;
        if (name.kind() == Kind.IDENT) {
            for (Verb v : Verb.values()) {
                if (name.isWord(v.name())) {
                    verb = v;
                }
            }
        }
        if (verb == null || !Parser.verbAllowed(verb, section)) {
            throw p.error("an action allowed in " + section.keyword() + " (" + allowed(section) + ")");
        }
        p.advance();
        p.expect(Kind.LPAREN);
        if (verb == Verb.PERMIT || verb == Verb.DENY) {
            p.expect(Kind.RPAREN);
            return new Action(verb, null, null, null, null, name.line(), name.column());
        }
        if (p.peek().isWord("claim") && p.peek(1).kind() == Kind.ASSIGN) {
            p.advance();
            p.advance();
            Token ident = p.expect(Kind.IDENT);
            if (!bound.contains(ident.text().toLowerCase(Locale.ROOT))) {
                throw new PolicyParseException(ident.line(), ident.column(),
                        "an identifier bound by a condition of this rule", ident.describe());
            }
            p.expect(Kind.RPAREN);
            return new Action(verb, ident.text(), null, null, null, name.line(), name.column());
        }
        Expr type = null;
        Expr value = null;
        Expr valueType = null;
        do {
            Token arg = p.peek();
            String word = arg.kind() == Kind.IDENT ? arg.text().toLowerCase(Locale.ROOT) : "";
            if (!Set.of("type", "value", "valuetype").contains(word)
                    || word.equals("type") && type != null || word.equals("value") && value != null
                    || word.equals("valuetype") && valueType != null) {
                throw p.error("a claim argument not given yet (type=, value=, valueType=) or claim=identifier");
            }
            p.advance();
            p.expect(Kind.ASSIGN);
            Expr e = new ExpressionParser(p, bound).expr(0);
            switch (word) {
                case "type" -> type = e;
                case "value" -> value = e;
                default -> valueType = e;
            }
        } while (p.peek().kind() == Kind.COMMA && p.advance() != null);
        if (type == null || value == null) {
            throw p.error((type == null ? "type=" : "value=") + " (a claim needs a type and a value)");
        }
        p.expect(Kind.RPAREN);
        return new Action(verb, null, type, value, valueType, name.line(), name.column());
    }

    private static String allowed(PolicySection section) {
        return switch (section) {
            case CONFIGURATION -> "issueproperty";
            case AUTHORIZATION -> "permit, deny, add";
            case ISSUANCE -> "issue, add, issueproperty";
        };
    }
}
