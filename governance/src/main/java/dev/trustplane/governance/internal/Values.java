package dev.trustplane.governance.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON value helpers with Azure Policy's comparison rules: strings compare case-insensitively
 * (ordinal, culture-invariant), and scalars are compared by their text when their JSON types differ, so
 * {@code "true"} equals {@code true} and {@code "1"} equals {@code 1} as Azure's type-lenient comparison does.
 * {@code null} (Java) stands for an absent value throughout the evaluator.
 */
public final class Values {
    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Values() {}

    public static boolean absent(JsonNode v) {
        return v == null || v.isMissingNode();
    }

    /** Absent or JSON null. */
    public static boolean nullish(JsonNode v) {
        return absent(v) || v.isNull();
    }

    /** The text of a scalar, as Azure prints it for comparisons; null for absent/null or containers. */
    public static String text(JsonNode v) {
        if (nullish(v) || v.isContainer()) {
            return null;
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        return v.asString();
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Deep equality, strings case-insensitive, scalars compared by text across JSON types. */
    public static boolean equalsLenient(JsonNode a, JsonNode b) {
        if (nullish(a) || nullish(b)) {
            return nullish(a) && nullish(b);
        }
        if (a.isArray() || b.isArray()) {
            if (!(a.isArray() && b.isArray()) || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equalsLenient(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() || b.isObject()) {
            if (!(a.isObject() && b.isObject()) || a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = getIgnoreCase(b, e.getKey());
                if (other == null || !equalsLenient(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return text(a).equalsIgnoreCase(text(b));
    }

    /** Object member lookup ignoring case (Azure property names are case-insensitive); null when absent. */
    public static JsonNode getIgnoreCase(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Azure's truthiness for {@code exists}: a boolean or the strings "true"/"false" in any case. */
    public static Boolean parseBool(JsonNode v) {
        if (v != null && v.isBoolean()) {
            return v.booleanValue();
        }
        String t = text(v);
        if ("true".equalsIgnoreCase(t)) {
            return true;
        }
        if ("false".equalsIgnoreCase(t)) {
            return false;
        }
        return null;
    }

    public static BigDecimal number(JsonNode v) {
        if (v != null && v.isNumber()) {
            return v.decimalValue();
        }
        String t = text(v);
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static JsonNode str(String s) {
        return s == null ? F.nullNode() : F.stringNode(s);
    }

    public static JsonNode num(long n) {
        return F.numberNode(n);
    }

    public static JsonNode bool(boolean b) {
        return F.booleanNode(b);
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    public static ObjectNode object() {
        return F.objectNode();
    }

    /** Human-readable rendering used by explanations and messages. */
    public static String show(JsonNode v) {
        if (absent(v)) {
            return "<absent>";
        }
        String s = v.toString();
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
