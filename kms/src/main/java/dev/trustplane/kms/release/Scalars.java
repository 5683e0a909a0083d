package dev.trustplane.kms.release;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Value semantics of claim conditions. Attestation tokens carry JSON booleans and numbers
 * ({@code "x-ms-sevsnpvm-is-debuggable": false}, {@code "x-ms-sevsnpvm-guestsvn": 7}) while many real
 * policies write them as strings ({@code "equals": "false"}, as in Key Vault's own 7.5 release example).
 * So a string on one side and a boolean or number on the other are compared through the string's JSON
 * reading: {@code "false"} equals {@code false}, {@code "7"} equals {@code 7} and {@code 7.0}. Strings are
 * compared exactly (case-sensitive); numbers by value.
 */
final class Scalars {
    /** A JSON number literal, as RFC 8259 §6 writes it. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final int MAX_NUMBER_TEXT = 100;
    /** Longest string quoted in an explanation. */
    static final int MAX_DISPLAY = 128;

    private Scalars() {}

    /** The numeric value of a JSON number or of a string holding a JSON number literal; empty otherwise. */
    static Optional<BigDecimal> number(JsonNode node) {
        if (node.isNumber()) {
            if (node.isIntegralNumber()) {
                return Optional.of(new BigDecimal(node.bigIntegerValue()));
            }
            if (node.isBigDecimal()) {
                return Optional.of(node.decimalValue());
            }
            double d = node.doubleValue();
            return Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
        }
        if (node.isString()) {
            return parseNumber(node.stringValue());
        }
        return Optional.empty();
    }

    static Optional<BigDecimal> parseNumber(String text) {
        if (text.length() > MAX_NUMBER_TEXT || !JSON_NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException | ArithmeticException exponentOutOfRange) {
            return Optional.empty();
        }
    }

    /** True for strings, numbers and booleans: the values a claim condition can compare. */
    static boolean isScalar(JsonNode node) {
        return node.isString() || node.isNumber() || node.isBoolean();
    }

    /** {@code equals} between the policy's scalar and a present claim value (see the class comment). */
    static boolean same(JsonNode expected, JsonNode found) {
        if (!isScalar(found)) {
            return false;
        }
        if (expected.isString() && found.isString()) {
            return expected.stringValue().equals(found.stringValue());
        }
        if (expected.isBoolean() || found.isBoolean()) {
            Optional<Boolean> a = bool(expected);
            Optional<Boolean> b = bool(found);
            return a.isPresent() && a.equals(b);
        }
        Optional<BigDecimal> a = number(expected);
        Optional<BigDecimal> b = number(found);
        return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) == 0;
    }

    /** A JSON boolean, or the exact strings {@code "true"} / {@code "false"}. */
    static Optional<Boolean> bool(JsonNode node) {
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isString()) {
            return switch (node.stringValue()) {
                case "true" -> Optional.of(true);
                case "false" -> Optional.of(false);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Bounded JSON text of a value for explanations: strings quoted and escaped, containers by kind only. */
    static String display(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return FailedCondition.MISSING;
        }
        if (node.isObject()) {
            return "<object>";
        }
        if (node.isArray()) {
            return "<array>";
        }
        if (node.isString()) {
            return quote(node.stringValue());
        }
        if (node.isBigDecimal()) {
            return cap(node.decimalValue().toString()); // scientific form: bounded even for 1E+999999999
        }
        return cap(node.toString());
    }

    /** A string as escaped JSON text, cut to {@link #MAX_DISPLAY} characters with a marker. */
    static String quote(String s) {
        String shown = s.length() > MAX_DISPLAY ? s.substring(0, MAX_DISPLAY) + "…" : s;
        return JsonNodeFactory.instance.stringNode(shown).toString();
    }

    private static String cap(String s) {
        return s.length() > MAX_DISPLAY ? s.substring(0, MAX_DISPLAY) + "…" : s;
    }
}
