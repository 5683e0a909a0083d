package dev.trustplane.governance.internal;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The ARM template expression language shared by Azure Policy rules and ARM templates: a JSON string
 * that starts with {@code [} and ends with {@code ]} is an expression ({@code [[} escapes a literal);
 * expressions are function calls over string literals ({@code 'it''s'}), numbers and nested calls, with
 * property ({@code .apiVersion}) and index ({@code [0]}) access on the result.
 */
public sealed interface Expr {

    record Literal(JsonNode value) implements Expr {}

    record Call(String name, List<Expr> args) implements Expr {}

    record Property(Expr target, String name) implements Expr {}

    record Index(Expr target, Expr index) implements Expr {}

    /** True when the JSON string is an expression rather than a literal. */
    static boolean isExpression(String s) {
        return s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']' && !s.startsWith("[[");
    }

    /** The literal a non-expression string stands for ({@code [[x]} → {@code [x]}). */
    static String unescape(String s) {
        return s.startsWith("[[") ? s.substring(1) : s;
    }

    /** Parses the inside of {@code [ ... ]}; errors name the offset. */
    static Expr parse(String source) {
        Parser p = new Parser(source.substring(1, source.length() - 1));
        Expr e = p.expression();
        p.skipSpace();
        if (p.pos != p.src.length()) {
            throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
        }
        return e;
    }

    final class Parser {
        final String src;
        int pos;

        Parser(String src) {
            this.src = src;
        }

        Expr expression() {
            skipSpace();
            Expr e = primary();
            while (true) {
                skipSpace();
                if (peek('.')) {
                    pos++;
                    e = new Property(e, identifier());
                } else if (peek('[')) {
                    pos++;
                    Expr index = expression();
                    expect(']');
                    e = new Index(e, index);
                } else {
                    return e;
                }
            }
        }

        private Expr primary() {
            if (pos >= src.length()) {
                throw error("expression ends early");
            }
            char c = src.charAt(pos);
            if (c == '\'') {
                return new Literal(Values.str(string()));
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = pos++;
                while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                    pos++;
                }
                String n = src.substring(start, pos);
                return new Literal(n.contains(".") ? Values.F.numberNode(new java.math.BigDecimal(n))
                        : Values.F.numberNode(Long.parseLong(n)));
            }
            String name = identifier();
            skipSpace();
            expect('(');
            List<Expr> args = new ArrayList<>();
            skipSpace();
            if (!peek(')')) {
                do {
                    args.add(expression());
                    skipSpace();
                } while (consume(','));
            }
            expect(')');
            return new Call(name, List.copyOf(args));
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= src.length()) {
                    throw error("unterminated string literal");
                }
                char c = src.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        sb.append('\'');
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private String identifier() {
            skipSpace();
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error(pos < src.length() ? "unexpected '" + src.charAt(pos) + "'" : "expression ends early");
            }
            return src.substring(start, pos);
        }

        void skipSpace() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < src.length() && src.charAt(pos) == c;
        }

        private boolean consume(char c) {
            skipSpace();
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        EvalError error(String reason) {
            return new EvalError(null, "template expression [" + src + "] at offset " + (pos + 1) + ": " + reason);
        }
    }
}
