package dev.trustplane.governance.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The context-free template functions (string, array, logical, comparison, numeric, date) with ARM's
 * semantics, and the evaluation of {@link Expr} trees. Context functions ({@code parameters},
 * {@code field}, {@code variables}, ...) come from the {@link Scope}. An unknown function is an error
 * that names it; it never evaluates to a default.
 */
public final class Functions {
    @FunctionalInterface
    private interface Fn {
        JsonNode apply(List<JsonNode> args);
    }

    private static final Map<String, Fn> PURE = new HashMap<>();

    private Functions() {}

    /** Evaluates an expression tree; {@code if} is lazy so that only the taken branch must be valid. */
    public static JsonNode eval(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Property p -> property(eval(p.target(), scope), p.name());
            case Expr.Index i -> index(eval(i.target(), scope), eval(i.index(), scope));
            case Expr.Call c -> call(c, scope);
        };
    }

    /** Evaluates a JSON string that may be an expression; other strings are literals. */
    public static JsonNode evalString(String s, Scope scope) {
        return Expr.isExpression(s) ? eval(Expr.parse(s), scope) : Values.str(Expr.unescape(s));
    }

    public static boolean known(String name) {
        return PURE.containsKey(Values.lower(name)) || "if".equalsIgnoreCase(name);
    }

    private static JsonNode call(Expr.Call c, Scope scope) {
        String name = Values.lower(c.name());
        if (name.equals("if")) {
            arity(c.name(), c.args().size(), 3, 3);
            Boolean cond = Values.parseBool(eval(c.args().get(0), scope));
            if (cond == null) {
                throw fail("if() needs a boolean condition");
            }
            return eval(c.args().get(cond ? 1 : 2), scope);
        }
        List<JsonNode> args = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) {
            args.add(eval(a, scope));
        }
        if (scope.defines(name)) {
            return scope.call(name, args);
        }
        Fn fn = PURE.get(name);
        if (fn == null) {
            throw fail("unknown or unsupported template function '" + c.name() + "'");
        }
        return fn.apply(args);
    }

    private static JsonNode property(JsonNode target, String name) {
        JsonNode v = Values.getIgnoreCase(target, name);
        if (v == null) {
            throw fail("property '" + name + "' does not exist on " + Values.show(target));
        }
        return v;
    }

    private static JsonNode index(JsonNode target, JsonNode index) {
        if (target != null && target.isArray()) {
            BigDecimal n = Values.number(index);
            if (n == null || n.intValue() < 0 || n.intValue() >= target.size()) {
                throw fail("index " + Values.show(index) + " is out of range for an array of " + target.size());
            }
            return target.get(n.intValue());
        }
        return property(target, Values.text(index));
    }

    static EvalError fail(String reason) {
        return new EvalError(null, reason);
    }

    static void arity(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw fail(name + "() takes " + (min == max ? "" + min : min + ".." + (max == Integer.MAX_VALUE ? "n" : max))
                    + " arguments, got " + n);
        }
    }

    private static void def(String name, int min, int max, Fn fn) {
        PURE.put(Values.lower(name), args -> {
            arity(name, args.size(), min, max);
            return fn.apply(args);
        });
    }

    static String string(String fn, JsonNode v) {
        if (v == null || !v.isString()) {
            throw fail(fn + "() expects a string, got " + Values.show(v));
        }
        return v.stringValue();
    }

    static long integer(String fn, JsonNode v) {
        BigDecimal n = v != null && v.isNumber() ? v.decimalValue() : null;
        if (n == null) {
            throw fail(fn + "() expects an integer, got " + Values.show(v));
        }
        return n.longValue();
    }

    static boolean bool(String fn, JsonNode v) {
        Boolean b = v != null && v.isBoolean() ? v.booleanValue() : null;
        if (b == null) {
            throw fail(fn + "() expects a boolean, got " + Values.show(v));
        }
        return b;
    }

    static int compare(String fn, JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a != null && b != null && a.isString() && b.isString()) {
            return a.stringValue().compareTo(b.stringValue());
        }
        throw fail(fn + "() compares two integers or two strings, got " + Values.show(a) + " and " + Values.show(b));
    }

    static {
        // Strings and arrays.
        def("concat", 0, Integer.MAX_VALUE, Functions::concat);
        def("length", 1, 1, a -> {
            JsonNode v = a.get(0);
            if (v.isString()) {
                return Values.num(v.stringValue().length());
            }
            if (v.isArray() || v.isObject()) {
                return Values.num(v.size());
            }
            if (v.isNull()) {
                return Values.num(0);
            }
            throw fail("length() expects a string, array or object, got " + Values.show(v));
        });
        def("empty", 1, 1, a -> {
            JsonNode v = a.get(0);
            return Values.bool(v.isNull() || (v.isString() && v.stringValue().isEmpty()) || (v.isContainer() && v.isEmpty()));
        });
        def("first", 1, 1, a -> {
            JsonNode v = a.get(0);
            if (v.isString()) {
                return Values.str(v.stringValue().isEmpty() ? "" : v.stringValue().substring(0, 1));
            }
            if (v.isArray()) {
                return v.isEmpty() ? Values.F.nullNode() : v.get(0);
            }
            throw fail("first() expects a string or array, got " + Values.show(v));
        });
        def("last", 1, 1, a -> {
            JsonNode v = a.get(0);
            if (v.isString()) {
                String s = v.stringValue();
                return Values.str(s.isEmpty() ? "" : s.substring(s.length() - 1));
            }
            if (v.isArray()) {
                return v.isEmpty() ? Values.F.nullNode() : v.get(v.size() - 1);
            }
            throw fail("last() expects a string or array, got " + Values.show(v));
        });
        def("split", 2, 2, a -> {
            String s = string("split", a.get(0));
            List<String> delimiters = new ArrayList<>();
            if (a.get(1).isArray()) {
                a.get(1).forEach(d -> delimiters.add(string("split", d)));
            } else {
                delimiters.add(string("split", a.get(1)));
            }
            ArrayNode out = Values.array();
            int start = 0;
            for (int i = 0; i <= s.length(); i++) {
                for (String d : delimiters) {
                    if (!d.isEmpty() && s.startsWith(d, i)) {
                        out.add(s.substring(start, i));
                        start = i + d.length();
                        i = start - 1;
                        break;
                    }
                }
            }
            out.add(s.substring(start));
            return out;
        });
        def("replace", 3, 3, a -> Values.str(string("replace", a.get(0))
                .replace(string("replace", a.get(1)), string("replace", a.get(2)))));
        def("toLower", 1, 1, a -> Values.str(Values.lower(string("toLower", a.get(0)))));
        def("toUpper", 1, 1, a -> Values.str(string("toUpper", a.get(0)).toUpperCase(java.util.Locale.ROOT)));
        def("trim", 1, 1, a -> Values.str(string("trim", a.get(0)).strip()));
        def("substring", 1, 3, a -> {
            String s = string("substring", a.get(0));
            int start = a.size() > 1 ? (int) integer("substring", a.get(1)) : 0;
            int len = a.size() > 2 ? (int) integer("substring", a.get(2)) : s.length() - start;
            if (start < 0 || len < 0 || start + len > s.length()) {
                throw fail("substring() range " + start + "+" + len + " is outside a string of " + s.length());
            }
            return Values.str(s.substring(start, start + len));
        });
        def("startsWith", 2, 2, a -> Values.bool(Values.lower(string("startsWith", a.get(0)))
                .startsWith(Values.lower(string("startsWith", a.get(1))))));
        def("endsWith", 2, 2, a -> Values.bool(Values.lower(string("endsWith", a.get(0)))
                .endsWith(Values.lower(string("endsWith", a.get(1))))));
        def("indexOf", 2, 2, a -> Values.num(Values.lower(string("indexOf", a.get(0)))
                .indexOf(Values.lower(string("indexOf", a.get(1))))));
        def("lastIndexOf", 2, 2, a -> Values.num(Values.lower(string("lastIndexOf", a.get(0)))
                .lastIndexOf(Values.lower(string("lastIndexOf", a.get(1))))));
        def("padLeft", 2, 3, a -> {
            String s = Values.text(a.get(0));
            int width = (int) integer("padLeft", a.get(1));
            String pad = a.size() > 2 ? string("padLeft", a.get(2)) : " ";
            StringBuilder sb = new StringBuilder();
            while (sb.length() + s.length() < width) {
                sb.append(pad.charAt(0));
            }
            return Values.str(sb + s);
        });
        def("format", 1, Integer.MAX_VALUE, Functions::format);
        def("contains", 2, 2, a -> Values.bool(contains(a.get(0), a.get(1))));
        def("take", 2, 2, a -> slice(a.get(0), 0, integer("take", a.get(1))));
        def("skip", 2, 2, a -> slice(a.get(0), integer("skip", a.get(1)), Long.MAX_VALUE));
        def("intersection", 2, Integer.MAX_VALUE, Functions::intersection);
        def("union", 2, Integer.MAX_VALUE, Functions::union);
        def("createArray", 0, Integer.MAX_VALUE, a -> {
            ArrayNode out = Values.array();
            a.forEach(out::add);
            return out;
        });
        def("array", 1, 1, a -> a.get(0).isArray() ? a.get(0) : Values.array().add(a.get(0)));
        def("createObject", 0, Integer.MAX_VALUE, a -> {
            if (a.size() % 2 != 0) {
                throw fail("createObject() takes key/value pairs");
            }
            ObjectNode out = Values.object();
            for (int i = 0; i < a.size(); i += 2) {
                out.set(string("createObject", a.get(i)), a.get(i + 1));
            }
            return out;
        });
        def("coalesce", 1, Integer.MAX_VALUE, a -> a.stream().filter(v -> !v.isNull()).findFirst()
                .orElse(Values.F.nullNode()));
        def("json", 1, 1, a -> {
            try {
                return JsonText.MAPPER.readTree(string("json", a.get(0)));
            } catch (tools.jackson.core.JacksonException e) {
                throw fail("json() argument is not valid JSON");
            }
        });
        def("null", 0, 0, a -> Values.F.nullNode());
        def("true", 0, 0, a -> Values.bool(true));
        def("false", 0, 0, a -> Values.bool(false));
        // Logical and comparison.
        def("equals", 2, 2, a -> Values.bool(Values.equalsLenient(a.get(0), a.get(1))
                && a.get(0).getNodeType() == a.get(1).getNodeType()));
        def("and", 1, Integer.MAX_VALUE, a -> Values.bool(a.stream().allMatch(v -> bool("and", v))));
        def("or", 1, Integer.MAX_VALUE, a -> Values.bool(a.stream().anyMatch(v -> bool("or", v))));
        def("not", 1, 1, a -> Values.bool(!bool("not", a.get(0))));
        def("less", 2, 2, a -> Values.bool(compare("less", a.get(0), a.get(1)) < 0));
        def("lessOrEquals", 2, 2, a -> Values.bool(compare("lessOrEquals", a.get(0), a.get(1)) <= 0));
        def("greater", 2, 2, a -> Values.bool(compare("greater", a.get(0), a.get(1)) > 0));
        def("greaterOrEquals", 2, 2, a -> Values.bool(compare("greaterOrEquals", a.get(0), a.get(1)) >= 0));
        // Conversions and numbers.
        def("int", 1, 1, a -> {
            BigDecimal n = Values.number(a.get(0));
            if (n == null) {
                throw fail("int() cannot convert " + Values.show(a.get(0)));
            }
            return Values.num(n.setScale(0, RoundingMode.DOWN).longValueExact());
        });
        def("float", 1, 1, a -> {
            BigDecimal n = Values.number(a.get(0));
            if (n == null) {
                throw fail("float() cannot convert " + Values.show(a.get(0)));
            }
            return Values.F.numberNode(n);
        });
        def("string", 1, 1, a -> a.get(0).isString() ? a.get(0)
                : Values.str(a.get(0).isContainer() ? a.get(0).toString() : String.valueOf(Values.text(a.get(0)))));
        def("bool", 1, 1, a -> {
            Boolean b = a.get(0).isNumber() ? a.get(0).decimalValue().signum() != 0 : Values.parseBool(a.get(0));
            if (b == null) {
                throw fail("bool() cannot convert " + Values.show(a.get(0)));
            }
            return Values.bool(b);
        });
        def("add", 2, 2, a -> Values.num(integer("add", a.get(0)) + integer("add", a.get(1))));
        def("sub", 2, 2, a -> Values.num(integer("sub", a.get(0)) - integer("sub", a.get(1))));
        def("mul", 2, 2, a -> Values.num(integer("mul", a.get(0)) * integer("mul", a.get(1))));
        def("div", 2, 2, a -> {
            long d = integer("div", a.get(1));
            if (d == 0) {
                throw fail("div() by zero");
            }
            return Values.num(integer("div", a.get(0)) / d);
        });
        def("mod", 2, 2, a -> {
            long d = integer("mod", a.get(1));
            if (d == 0) {
                throw fail("mod() by zero");
            }
            return Values.num(integer("mod", a.get(0)) % d);
        });
        def("min", 1, Integer.MAX_VALUE, a -> minMax("min", a, -1));
        def("max", 1, Integer.MAX_VALUE, a -> minMax("max", a, 1));
        def("range", 2, 2, a -> {
            ArrayNode out = Values.array();
            long start = integer("range", a.get(0));
            for (long i = 0; i < integer("range", a.get(1)); i++) {
                out.add(start + i);
            }
            return out;
        });
        // Dates (policy: addDays; utcNow comes from the scope's clock).
        def("addDays", 2, 2, a -> {
            String s = string("addDays", a.get(0));
            try {
                OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_DATE_TIME);
                return Values.str(t.plus(Duration.ofDays(integer("addDays", a.get(1))))
                        .withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            } catch (DateTimeParseException e) {
                throw fail("addDays() expects an ISO 8601 date-time, got '" + s + "'");
            }
        });
        def("ipRangeContains", 2, 2, a -> Values.bool(ipRangeContains(string("ipRangeContains", a.get(0)),
                string("ipRangeContains", a.get(1)))));
        // Deterministic identifiers for template-generated names; see class comment of uniqueString.
        def("uniqueString", 1, Integer.MAX_VALUE, a -> Values.str(uniqueString(a)));
        def("guid", 1, Integer.MAX_VALUE, a -> Values.str(java.util.UUID.nameUUIDFromBytes(
                join(a).getBytes(StandardCharsets.UTF_8)).toString()));
    }

    private static JsonNode concat(List<JsonNode> a) {
        if (!a.isEmpty() && a.stream().allMatch(v -> v.isArray() || v.isNull())) {
            ArrayNode out = Values.array();
            a.stream().filter(JsonNode::isArray).forEach(v -> v.forEach(out::add));
            return out;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : a) {
            if (v.isContainer()) {
                throw fail("concat() mixes arrays and strings");
            }
            if (!v.isNull()) {
                sb.append(Values.text(v));
            }
        }
        return Values.str(sb.toString());
    }

    private static JsonNode format(List<JsonNode> a) {
        String f = string("format", a.get(0));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '{' && i + 1 < f.length() && f.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < f.length() && f.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = f.indexOf('}', i);
                String spec = f.substring(i + 1, end < 0 ? f.length() : end);
                if (end < 0 || !spec.matches("\\d+")) {
                    throw fail("format() supports only {n} placeholders, got '{" + spec + "'");
                }
                int n = Integer.parseInt(spec) + 1;
                if (n >= a.size()) {
                    throw fail("format() placeholder {" + spec + "} has no argument");
                }
                sb.append(Values.text(a.get(n)));
                i = end;
            } else {
                sb.append(c);
            }
        }
        return Values.str(sb.toString());
    }

    static boolean contains(JsonNode container, JsonNode item) {
        if (container.isString()) {
            String needle = Values.text(item);
            return needle != null && Values.lower(container.stringValue()).contains(Values.lower(needle));
        }
        if (container.isArray()) {
            for (JsonNode e : container) {
                if (Values.equalsLenient(e, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container.isObject()) {
            String key = Values.text(item);
            return key != null && Values.getIgnoreCase(container, key) != null;
        }
        if (container.isNull()) {
            return false;
        }
        throw fail("contains() expects a string, array or object, got " + Values.show(container));
    }

    private static JsonNode slice(JsonNode v, long from, long count) {
        if (v.isString()) {
            String s = v.stringValue();
            int start = (int) Math.min(Math.max(from, 0), s.length());
            int end = (int) Math.min(s.length(), start + Math.max(Math.min(count, s.length()), 0));
            return Values.str(s.substring(start, end));
        }
        if (v.isArray()) {
            ArrayNode out = Values.array();
            for (int i = (int) Math.max(from, 0); i < v.size() && out.size() < count; i++) {
                out.add(v.get(i));
            }
            return out;
        }
        throw fail("take()/skip() expect a string or array, got " + Values.show(v));
    }

    private static JsonNode intersection(List<JsonNode> a) {
        if (a.stream().allMatch(JsonNode::isArray)) {
            ArrayNode out = Values.array();
            for (JsonNode e : a.get(0)) {
                boolean inAll = a.stream().allMatch(other -> contains(other, e));
                if (inAll && !contains(out, e)) {
                    out.add(e);
                }
            }
            return out;
        }
        if (a.stream().allMatch(JsonNode::isObject)) {
            ObjectNode out = Values.object();
            for (Map.Entry<String, JsonNode> e : a.get(0).properties()) {
                if (a.stream().allMatch(o -> Values.equalsLenient(Values.getIgnoreCase(o, e.getKey()), e.getValue()))) {
                    out.set(e.getKey(), e.getValue());
                }
            }
            return out;
        }
        throw fail("intersection() expects arrays or objects");
    }

    private static JsonNode union(List<JsonNode> a) {
        if (a.stream().allMatch(JsonNode::isArray)) {
            ArrayNode out = Values.array();
            a.forEach(arr -> arr.forEach(e -> {
                if (!contains(out, e)) {
                    out.add(e);
                }
            }));
            return out;
        }
        if (a.stream().allMatch(JsonNode::isObject)) {
            ObjectNode out = Values.object();
            a.forEach(o -> o.properties().forEach(e -> out.set(e.getKey(), e.getValue())));
            return out;
        }
        throw fail("union() expects arrays or objects");
    }

    private static JsonNode minMax(String fn, List<JsonNode> a, int sign) {
        List<JsonNode> items = a.size() == 1 && a.get(0).isArray() ? new ArrayList<>(a.get(0).values()) : a;
        if (items.isEmpty()) {
            throw fail(fn + "() of nothing");
        }
        long best = integer(fn, items.get(0));
        for (JsonNode v : items) {
            long n = integer(fn, v);
            best = sign < 0 ? Math.min(best, n) : Math.max(best, n);
        }
        return Values.num(best);
    }

    /** CIDR or single-address containment, IPv4 and IPv6 (never mixing families). */
    static boolean ipRangeContains(String range, String target) {
        try {
            String[] r = range.split("/", 2);
            byte[] net = InetAddress.ofLiteral(r[0]).getAddress();
            String[] t = target.split("/", 2);
            byte[] addr = InetAddress.ofLiteral(t[0]).getAddress();
            if (net.length != addr.length) {
                throw fail("ipRangeContains() mixes IPv4 and IPv6: " + range + ", " + target);
            }
            int bits = r.length > 1 ? Integer.parseInt(r[1]) : net.length * 8;
            int targetBits = t.length > 1 ? Integer.parseInt(t[1]) : addr.length * 8;
            if (targetBits < bits) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            throw fail("ipRangeContains() needs IP addresses or CIDR ranges, got '" + range + "', '" + target + "'");
        }
    }

    private static String join(List<JsonNode> a) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : a) {
            sb.append(Values.text(v)).append('-');
        }
        return sb.toString();
    }

    /**
     * A deterministic 13-character base32 identifier of the arguments. Azure's value comes from an
     * unpublished hash, so names built with it differ from Azure's; no policy in scope depends on the
     * exact characters of a generated name, and the value is stable across runs.
     */
    private static String uniqueString(List<JsonNode> a) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(join(a).getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            StringBuilder sb = new StringBuilder();
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            for (int i = 0; i < 13; i++) {
                sb.append(alphabet.charAt((int) ((bits >>> (59 - 5 * i)) & 31)));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> names() {
        Set<String> s = new LinkedHashSet<>(PURE.keySet());
        s.add("if");
        return s;
    }
}
