package dev.trustplane.governance.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Azure Policy condition operators over one actual value. Rules from the definition-structure
 * documentation: string comparisons are case-insensitive except {@code match}/{@code notMatch};
 * {@code like} takes {@code *} wildcards; {@code match} takes {@code #} (digit), {@code ?} (letter) and
 * {@code .} (any character); {@code less}/{@code greater} compare numbers, dates or strings and a type
 * mismatch is an error. An absent field makes every positive operator false and its negation true, and
 * the ordering operators false.
 */
public final class Operators {
    public static final Set<String> NAMES = Set.of("equals", "notequals", "like", "notlike", "match",
            "matchinsensitively", "notmatch", "notmatchinsensitively", "contains", "notcontains", "in", "notin",
            "containskey", "notcontainskey", "less", "lessorequals", "greater", "greaterorequals", "exists");

    private static final Map<String, String> NEGATIONS = Map.of("notequals", "equals", "notlike", "like",
            "notmatch", "match", "notmatchinsensitively", "matchinsensitively", "notcontains", "contains",
            "notin", "in", "notcontainskey", "containskey");

    private Operators() {}

    /** Applies {@code op} (lower-case) to the actual value; {@code expected} is already evaluated. */
    public static boolean apply(String op, JsonNode actual, JsonNode expected) {
        String positive = NEGATIONS.get(op);
        if (positive != null) {
            return !apply(positive, actual, expected);
        }
        return switch (op) {
            case "exists" -> {
                Boolean want = Values.parseBool(expected);
                if (want == null) {
                    throw new EvalError(null, "'exists' takes true or false, got " + Values.show(expected));
                }
                yield want != Values.nullish(actual);
            }
            case "equals" -> !Values.absent(actual) && Values.equalsLenient(actual, expected);
            case "like" -> {
                String a = Values.text(actual);
                yield a != null && like(a, requireText(op, expected));
            }
            case "match" -> {
                String a = Values.text(actual);
                yield a != null && match(a, requireText(op, expected), false);
            }
            case "matchinsensitively" -> {
                String a = Values.text(actual);
                yield a != null && match(a, requireText(op, expected), true);
            }
            case "contains" -> !Values.nullish(actual) && !actual.isObject() && Functions.contains(actual, expected);
            case "in" -> {
                if (expected == null || !expected.isArray()) {
                    throw new EvalError(null, "'in' needs an array, got " + Values.show(expected));
                }
                yield !Values.nullish(actual) && Functions.contains(expected, actual);
            }
            case "containskey" -> {
                String key = requireText(op, expected);
                yield actual != null && actual.isObject() && Values.getIgnoreCase(actual, key) != null;
            }
            case "less", "lessorequals", "greater", "greaterorequals" -> {
                if (Values.nullish(actual)) {
                    yield false;
                }
                int c = order(op, actual, expected);
                yield switch (op) {
                    case "less" -> c < 0;
                    case "lessorequals" -> c <= 0;
                    case "greater" -> c > 0;
                    default -> c >= 0;
                };
            }
            default -> throw new EvalError(null, "unknown condition operator '" + op + "'");
        };
    }

    private static String requireText(String op, JsonNode expected) {
        String t = Values.text(expected);
        if (t == null) {
            throw new EvalError(null, "'" + op + "' needs a string, got " + Values.show(expected));
        }
        return t;
    }

    private static int order(String op, JsonNode a, JsonNode b) {
        if (a.isNumber() && b != null && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isString() && b != null && b.isString()) {
            OffsetDateTime da = date(a.stringValue());
            OffsetDateTime db = date(b.stringValue());
            if (da != null && db != null) {
                return da.compareTo(db);
            }
            return a.stringValue().toLowerCase(Locale.ROOT).compareTo(b.stringValue().toLowerCase(Locale.ROOT));
        }
        BigDecimal na = a.isString() ? null : Values.number(a);
        if (na != null && b != null && b.isString() && Values.number(b) != null) {
            return na.compareTo(Values.number(b));
        }
        throw new EvalError(null, "'" + op + "' cannot compare " + Values.show(a) + " with " + Values.show(b)
                + " (different types)");
    }

    private static OffsetDateTime date(String s) {
        if (s.length() < 10 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-') {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** {@code like}: case-insensitive, {@code *} matches any run of characters. */
    static boolean like(String value, String pattern) {
        String v = value.toLowerCase(Locale.ROOT);
        String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
        if (parts.length == 1) {
            return v.equals(parts[0]);
        }
        if (!v.startsWith(parts[0])) {
            return false;
        }
        int pos = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = v.indexOf(parts[i], pos);
            if (at < 0) {
                return false;
            }
            pos = at + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return v.length() - pos >= last.length() && v.endsWith(last);
    }

    /** {@code match}: whole-value match; {@code #} digit, {@code ?} letter, {@code .} any character. */
    static boolean match(String value, String pattern, boolean ignoreCase) {
        if (value.length() != pattern.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char v = value.charAt(i);
            char p = pattern.charAt(i);
            boolean ok = switch (p) {
                case '#' -> Character.isDigit(v);
                case '?' -> Character.isLetter(v);
                case '.' -> true;
                default -> ignoreCase ? Character.toLowerCase(v) == Character.toLowerCase(p) : v == p;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
