package dev.trustplane.attestation.internal;

/**
 * One lexical token of a policy text.
 *
 * @param kind what the token is
 * @param text the token's value: an identifier's name, a string's unescaped content, a number's digits
 * @param line 1-based line
 * @param column 1-based column
 * @param offset 0-based offset of the first character in the policy text
 * @param end 0-based offset just past the last character
 */
public record Token(Kind kind, String text, int line, int column, int offset, int end) {

    /** Token kinds. */
    public enum Kind {
        IDENT("identifier"), STRING("string"), INTEGER("integer"), DECIMAL("version number"),
        LBRACE("'{'"), RBRACE("'}'"), LBRACKET("'['"), RBRACKET("']'"), LPAREN("'('"), RPAREN("')'"),
        SEMI("';'"), COMMA("','"), COLON("':'"), DOT("'.'"), ASSIGN("'='"), ARROW("'=>'"), AND("'&&'"),
        BANG("'!'"), EQ("'=='"), NE("'!='"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"), EOF("end of policy");

        private final String display;

        Kind(String display) {
            this.display = display;
        }

        /** @return how error messages name this kind */
        public String display() {
            return display;
        }
    }

    /** @return how an error message names this token */
    public String describe() {
        return switch (kind) {
            case IDENT -> "'" + text + "'";
            case STRING -> "string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
            case INTEGER, DECIMAL -> "number " + text;
            default -> kind.display();
        };
    }

    /** @return whether this is an identifier spelled {@code word}, ignoring case */
    public boolean isWord(String word) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }
}
