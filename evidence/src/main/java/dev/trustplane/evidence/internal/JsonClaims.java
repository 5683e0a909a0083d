package dev.trustplane.evidence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON document from evidence (e.g. Azure HCL runtime data) into a claim value as
 * {@link dev.trustplane.evidence.AppraisalResult} accepts it: objects become ordered maps, arrays
 * lists, integers {@link Integer} or {@link Long}. JSON {@code null} members are dropped; numbers that
 * are not integers (none occur in known evidence) are kept as their decimal text, so nothing is lost
 * and no floating-point value enters a claim.
 */
public final class JsonClaims {
    private JsonClaims() {}

    /** The claim value for {@code node}, or {@code null} for JSON null. */
    public static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Object v = of(e.getValue());
                if (v != null) {
                    map.put(e.getKey(), v);
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                Object v = of(element);
                if (v != null) {
                    list.add(v);
                }
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.numberValue().toString();
        }
        return node.asString();
    }
}
