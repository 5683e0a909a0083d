package dev.trustplane.attestation.internal;

import java.util.List;
import java.util.Map;

/**
 * One claim of the incoming set ({@code claim-rule-grammar.md}: type, value, valueType, issuer).
 *
 * @param type the claim type
 * @param value a {@link String}, {@link Long}, {@link Boolean} or {@link Json}
 * @param issuer {@code AttestationService}, {@code AttestationPolicy} or {@code CustomClaim}
 */
public record Claim(String type, Object value, String issuer) {
    /** Issuer of claims the service derives from evidence. */
    public static final String SERVICE = "AttestationService";
    /** Issuer of claims a policy adds. */
    public static final String POLICY = "AttestationPolicy";

    /**
     * A structured value (JSON object or array) such as {@code x-ms-runtime}. The policy language has no such
     * type: "a JSON value is represented as a string claim whose value is equal to the string representation
     * of the JSON value" ({@code claim-rule-functions.md}), so it compares as its JSON text, is of valueType
     * String, and {@code JmesPath}/{@code JsonToClaimValue} read it directly; issuing it keeps the structure.
     *
     * @param data a {@link Map} or {@link List} of JSON values
     */
    public record Json(Object data) {
        /** @return the compact JSON text */
        public String text() {
            return JsonSupport.write(data);
        }
    }

    /** @return {@code String}, {@code Integer} or {@code Boolean}, as the grammar names value types */
    public String valueType() {
        return valueTypeOf(value);
    }

    static String valueTypeOf(Object v) {
        return v instanceof Long ? "Integer" : v instanceof Boolean ? "Boolean" : "String";
    }

    /**
     * Converts an evidence claim value ({@code AppraisalResult} kinds) to a claim value.
     *
     * @param v a String, Boolean, Integer, Long, List or Map
     * @return the claim value
     */
    public static Object fromEvidence(Object v) {
        return switch (v) {
            case Integer i -> i.longValue();
            case Long l -> l;
            case String s -> s;
            case Boolean b -> b;
            case Map<?, ?> m -> new Json(m);
            case List<?> l -> new Json(l);
            default -> throw new IllegalArgumentException("unsupported claim value " + v.getClass().getSimpleName());
        };
    }

    /** @return the value as a token claim: structured values keep their structure */
    public static Object toOutput(Object v) {
        return v instanceof Json j ? j.data() : v;
    }

    /** @return the value as a policy author would write it, for explanations */
    public static String show(Object v) {
        return switch (v) {
            case String s -> "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
            case Json j -> {
                String t = j.text();
                yield t.length() > 80 ? t.substring(0, 80) + "…" : t;
            }
            default -> String.valueOf(v);
        };
    }
}
