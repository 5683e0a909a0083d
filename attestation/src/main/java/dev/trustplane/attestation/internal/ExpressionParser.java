package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.internal.Ast.Expr;
import dev.trustplane.attestation.internal.Ast.Function;
import dev.trustplane.attestation.internal.Ast.Op;
import dev.trustplane.attestation.internal.Ast.Property;
import dev.trustplane.attestation.internal.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses property tests ({@code value >= 3}) and expressions: literals, {@code ident.property} references to
 * identifiers bound earlier in the same rule, and 1.2 function calls, nested at most
 * {@code maxExpressionDepth} deep. See {@link Parser} for the grammar.
 */
final class ExpressionParser {
    private final Parser p;
    private final Set<String> bound;

    ExpressionParser(Parser p, Set<String> bound) {
        this.p = p;
        this.bound = bound;
    }

    Ast.Test test() {
        Token name = p.peek();
        Property property = name.kind() == Kind.IDENT ? Property.of(name.text()) : null;
        if (property == null) {
            throw p.error("a claim property (type, value, issuer or valueType)");
        }
        p.advance();
        Token opToken = p.advance();
        Op op = switch (opToken.kind()) {
            case EQ, ASSIGN -> Op.EQ;
            case NE -> Op.NE;
            case LT -> Op.LT;
            case LE -> Op.LE;
            case GT -> Op.GT;
            case GE -> Op.GE;
            default -> throw new PolicyParseException(opToken.line(), opToken.column(),
                    "a comparison operator (==, !=, <, <=, >, >=)", opToken.describe());
        };
        Expr rhs = expr(0);
        if (op.ordering() && (property != Property.VALUE
                || rhs instanceof Ast.Literal lit && !(lit.value() instanceof Long))) {
            throw new PolicyParseException(opToken.line(), opToken.column(),
                    "== or != (" + op.symbol() + " compares integer values only)", "'" + op.symbol() + "'");
        }
        return new Ast.Test(property, op, rhs, name.line(), name.column());
    }

    Expr expr(int depth) {
        Token t = p.peek();
        switch (t.kind()) {
            case STRING -> {
                p.advance();
                return new Ast.Literal(t.text(), t.line(), t.column());
            }
            case INTEGER -> {
                p.advance();
                return new Ast.Literal(Long.parseLong(t.text()), t.line(), t.column());
            }
            case IDENT -> {
                if (t.isWord("true") || t.isWord("false")) {
                    p.advance();
                    return new Ast.Literal(t.isWord("true"), t.line(), t.column());
                }
                Kind next = p.peek(1).kind();
                if (next == Kind.LPAREN) {
                    return call(depth);
                }
                if (next == Kind.DOT) {
                    return reference();
                }
                throw new PolicyParseException(p.peek(1).line(), p.peek(1).column(),
                        "'.' after identifier '" + t.text() + "' (a claim property reference) or '(' (a function call)",
                        p.peek(1).describe());
            }
            default -> throw p.error("a value (string, integer, true, false, identifier.property or function call)");
        }
    }

    private Expr reference() {
        Token ident = p.advance();
        p.expect(Kind.DOT);
        Token prop = p.peek();
        Property property = prop.kind() == Kind.IDENT ? Property.of(prop.text()) : null;
        if (property == null) {
            throw p.error("a claim property (type, value, issuer or valueType)");
        }
        p.advance();
        if (!bound.contains(ident.text().toLowerCase(Locale.ROOT))) {
            throw new PolicyParseException(ident.line(), ident.column(),
                    "an identifier bound by an earlier condition of this rule", ident.describe());
        }
        return new Ast.Ref(ident.text(), property, ident.line(), ident.column());
    }

    private Expr call(int depth) {
        Token name = p.advance();
        Function function = null;
        for (Function f : Function.values()) {
            if (f.spelling().equalsIgnoreCase(name.text())) {
                function = f;
            }
        }
        if (function == null) {
            throw new PolicyParseException(name.line(), name.column(),
                    "a function (JmesPath, JsonToClaimValue, IsSubsetOf, AppendString, NegateBool, ContainsOnlyValue)",
                    name.describe());
        }
        p.requireVersion12(name, "function " + function.spelling());
        if (depth + 1 > p.limits().maxExpressionDepth()) {
            throw new PolicyParseException(name.line(), name.column(),
                    "function calls nested at most " + p.limits().maxExpressionDepth() + " deep", "a deeper call");
        }
        p.expect(Kind.LPAREN);
        List<Expr> args = new ArrayList<>();
        if (p.peek().kind() != Kind.RPAREN) {
            args.add(expr(depth + 1));
            while (p.peek().kind() == Kind.COMMA) {
                p.advance();
                args.add(expr(depth + 1));
            }
        }
        Token close = p.peek();
        if (args.size() != function.arity()) {
            throw new PolicyParseException(close.line(), close.column(), function.spelling() + " with exactly "
                    + function.arity() + " argument" + (function.arity() == 1 ? "" : "s"), args.size() + " arguments");
        }
        p.expect(Kind.RPAREN);
        return new Ast.Call(function, List.copyOf(args), name.line(), name.column());
    }
}
