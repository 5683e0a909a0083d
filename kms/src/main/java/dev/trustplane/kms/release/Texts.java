package dev.trustplane.kms.release;

/** Bounded, escaped fragments of input for messages that reach API clients. */
final class Texts {
    private static final int MAX_NAME = 64;

    private Texts() {}

    /** A field or operator name from the input, JSON-escaped and capped, in single quotes. */
    static String quoteName(String name) {
        String json = Scalars.quote(name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
        String inner = json.substring(1, json.length() - 1);
        return "'" + inner + (name.length() > MAX_NAME ? "…" : "") + "'";
    }

    /** Caps free text (e.g. a JSON parser's message) and replaces control characters. */
    static String cap(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
