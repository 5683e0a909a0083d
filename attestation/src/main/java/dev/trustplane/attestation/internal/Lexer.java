package dev.trustplane.attestation.internal;

import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.internal.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a policy text into tokens, by hand, one character at a time.
 *
 * <p>Lexical rules (Azure Attestation {@code claim-rule-grammar.md}, {@code claim-rule-functions.md}, and the
 * policies in {@code policy-examples.md} and {@code policy-version-1-*.md}):
 * <ul>
 *   <li>white space separates tokens; {@code //} comments run to the end of the line and {@code /* … *}{@code /}
 *       comments may span lines (the 1.2 samples use {@code //});</li>
 *   <li>identifiers are {@code [A-Za-z_][A-Za-z0-9_]*}; keywords are identifiers compared ignoring case (the
 *       published SGX default policy begins {@code Version= 1.0;});</li>
 *   <li>strings are double-quoted with {@code \"} and {@code \\} escapes ({@code \n}, {@code \r}, {@code \t}
 *       also accepted); the published examples also delimit strings with typographic quotes
 *       ({@code ”…”}, {@code “…”}), which are accepted as a compatibility leniency;</li>
 *   <li>integers are decimal, optionally negative, or hexadecimal {@code 0x…} (the documented default of
 *       {@code required_pcr_mask} is written {@code 0xFFFFFF}); {@code d.d} is a version number;</li>
 *   <li>operators: {@code => == != <= >= < > = ! &&} and punctuation {@code { } [ ] ( ) ; , : .}.</li>
 * </ul>
 */
public final class Lexer {
    private final String src;
    private final int maxStringLength;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src, int maxStringLength) {
        this.src = src;
        this.maxStringLength = maxStringLength;
    }

    /**
     * @param src the policy text
     * @param maxStringLength the longest string literal accepted
     * @return the tokens, ending with one {@link Kind#EOF}
     * @throws PolicyParseException on a character no token may start with, an unterminated string or comment
     */
    public static List<Token> tokenize(String src, int maxStringLength) {
        Lexer lexer = new Lexer(src, maxStringLength);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.EOF);
        return tokens;
    }

    private Token next() {
        skipSpaceAndComments();
        int start = pos;
        int col = pos - lineStart + 1;
        if (pos >= src.length()) {
            return new Token(Kind.EOF, "", line, col, pos, pos);
        }
        char c = src.charAt(pos);
        if (Character.isLetter(c) && c < 128 || c == '_') {
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENT, src.substring(start, pos), line, col, start, pos);
        }
        if (isDigit(c) || c == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
            return number(start, col);
        }
        if (c == '"' || c == '\u201C' || c == '\u201D') {
            return string(start, col, c);
        }
        pos++;
        Kind kind = switch (c) {
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case ';' -> Kind.SEMI;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '.' -> Kind.DOT;
            case '=' -> accept('>') ? Kind.ARROW : accept('=') ? Kind.EQ : Kind.ASSIGN;
            case '!' -> accept('=') ? Kind.NE : Kind.BANG;
            case '<' -> accept('=') ? Kind.LE : Kind.LT;
            case '>' -> accept('=') ? Kind.GE : Kind.GT;
            case '&' -> {
                if (accept('&')) {
                    yield Kind.AND;
                }
                throw new PolicyParseException(line, col, "'&&'", "'&'");
            }
            default -> throw new PolicyParseException(line, col, "a token", "character " + printable(c));
        };
        return new Token(kind, src.substring(start, pos), line, col, start, pos);
    }

    private Token number(int start, int col) {
        if (src.charAt(pos) == '-') {
            pos++;
        }
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw new PolicyParseException(line, col, "hexadecimal digits after 0x", "'" + src.substring(start, pos) + "'");
            }
            return checkedInteger(start, col, src.substring(digits, pos), 16);
        }
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.DECIMAL, src.substring(start, pos), line, col, start, pos);
        }
        return checkedInteger(start, col, src.substring(start, pos), 10);
    }

    private Token checkedInteger(int start, int col, String digits, int radix) {
        boolean negative = src.charAt(start) == '-';
        try {
            long v = Long.parseLong(digits, radix);
            if (negative && radix == 16) {
                v = -v;
            }
            return new Token(Kind.INTEGER, Long.toString(v), line, col, start, pos);
        } catch (NumberFormatException e) {
            throw new PolicyParseException(line, col, "an integer within 64 bits", "'" + src.substring(start, pos) + "'");
        }
    }

    private Token string(int start, int col, char open) {
        char close = open == '"' ? '"' : '\u201D';
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new PolicyParseException(line, col, "a closing quote for this string", "end of policy");
            }
            char c = src.charAt(pos);
            if (c == close || close == '\u201D' && c == '\u201C') {
                pos++;
                break;
            }
            if (c == '\n') {
                throw new PolicyParseException(line, pos - lineStart + 1, "a closing quote before the end of the line", "end of line");
            }
            if (c == '\\') {
                sb.append(escape());
            } else {
                sb.append(c);
                pos++;
            }
            if (sb.length() > maxStringLength) {
                throw new PolicyParseException(line, col, "a string of at most " + maxStringLength + " characters", "a longer string");
            }
        }
        return new Token(Kind.STRING, sb.toString(), line, col, start, pos);
    }

    private char escape() {
        int col = pos - lineStart + 1;
        if (pos + 1 >= src.length()) {
            throw new PolicyParseException(line, col, "an escaped character", "end of policy");
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        return switch (e) {
            case '"', '\\', '/' -> e;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '\u201D', '\u201C' -> e;
            default -> throw new PolicyParseException(line, col, "one of the escapes \\\" \\\\ \\/ \\n \\r \\t", "'\\" + e + "'");
        };
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c) || c == '\u00A0' || c == '\uFEFF') {
                pos++;
            } else if (src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                int l = line;
                int col = pos - lineStart + 1;
                pos += 2;
                while (!src.startsWith("*/", pos)) {
                    if (pos >= src.length()) {
                        throw new PolicyParseException(l, col, "'*/' closing this comment", "end of policy");
                    }
                    if (src.charAt(pos) == '\n') {
                        line++;
                        lineStart = pos + 1;
                    }
                    pos++;
                }
                pos += 2;
            } else {
                return;
            }
        }
    }

    private boolean accept(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentPart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
