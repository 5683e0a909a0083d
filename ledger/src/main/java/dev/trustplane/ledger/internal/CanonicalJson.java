package dev.trustplane.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the value types decision records allow: objects
 * ({@link Map} with String keys), arrays ({@link List}), strings, integers ({@link Integer}, {@link Long},
 * within ±(2^53−1), where JCS's ECMAScript number form is the plain decimal), booleans and null.
 *
 * <p>JCS rules applied: no whitespace; object members sorted by the UTF-16 code units of their names (which
 * is what {@link String#compareTo} compares); strings escaped as ECMAScript's JSON.stringify does — {@code \"}
 * {@code \\} {@code \b \f \n \r \t}, other controls below U+0020 as {@code \}{@code u00xx} in lower-case hex,
 * everything else literal — and emitted as UTF-8. Strings with lone surrogates are refused (I-JSON).
 */
public final class CanonicalJson {
    /** The largest integer JCS can represent exactly (2^53 − 1). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private CanonicalJson() {}

    public static byte[] encode(Object value) {
        var out = new StringBuilder();
        write(value, out, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > 32) {
            throw new IllegalArgumentException("JSON nesting is deeper than 32 levels");
        }
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i.intValue());
            case Long l -> {
                if (l > MAX_SAFE_INTEGER || l < -MAX_SAFE_INTEGER) {
                    throw new IllegalArgumentException("integer " + l + " is outside the exact JSON range ±(2^53-1)");
                }
                out.append(l.longValue());
            }
            case String s -> string(s, out);
            case Map<?, ?> map -> object(map, out, depth);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out, depth + 1);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("values of type " + value.getClass().getSimpleName()
                    + " are not allowed; use strings, integers, booleans, null, maps and lists");
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out, int depth) {
        List<String> names = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("object member names must be strings");
            }
            names.add(s);
        }
        names.sort(String::compareTo);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(names.get(i), out);
            out.append(':');
            write(map.get(names.get(i)), out, depth + 1);
        }
        out.append('}');
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string contains a lone surrogate");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
