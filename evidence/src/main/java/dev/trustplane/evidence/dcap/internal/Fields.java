package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.TcbStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed reads of Intel collateral JSON members: a missing or mistyped member is
 * {@code COLLATERAL_UNAVAILABLE} naming its path (e.g. {@code tcbInfo.tcbLevels[2].tcbStatus}).
 */
public final class Fields {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ARRAY = 1024;

    private Fields() {}

    public static JsonNode tree(byte[] bytes, String path) throws EvidenceFormatException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw bad(path, "not a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw bad(path, "not valid JSON");
        }
    }

    public static JsonNode member(JsonNode node, String path, String name) throws EvidenceFormatException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw bad(path + "." + name, "missing");
        }
        return v;
    }

    public static String text(JsonNode node, String path, String name) throws EvidenceFormatException {
        JsonNode v = member(node, path, name);
        if (!v.isString()) {
            throw bad(path + "." + name, "not a string");
        }
        return v.asString();
    }

    public static int integer(JsonNode node, String path, String name) throws EvidenceFormatException {
        JsonNode v = member(node, path, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw bad(path + "." + name, "not a non-negative integer");
        }
        return v.intValue();
    }

    public static Instant time(JsonNode node, String path, String name) throws EvidenceFormatException {
        String t = text(node, path, name);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw bad(path + "." + name, "not an RFC 3339 time");
        }
    }

    public static byte[] hex(JsonNode node, String path, String name, int length) throws EvidenceFormatException {
        String t = text(node, path, name);
        try {
            byte[] b = HexFormat.of().parseHex(t);
            if (length >= 0 && b.length != length) {
                throw bad(path + "." + name, "has " + b.length + " bytes, expected " + length);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw bad(path + "." + name, "not hexadecimal");
        }
    }

    public static TcbStatus status(JsonNode node, String path) throws EvidenceFormatException {
        String s = text(node, path, "tcbStatus");
        return TcbStatus.fromIntelName(s).orElseThrow(() -> bad(path + ".tcbStatus", "unknown status '"
                + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'"));
    }

    public static List<JsonNode> array(JsonNode node, String path, String name) throws EvidenceFormatException {
        JsonNode v = member(node, path, name);
        if (!v.isArray() || v.size() > MAX_ARRAY) {
            throw bad(path + "." + name, "not an array (of at most " + MAX_ARRAY + " entries)");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    public static List<String> strings(JsonNode node, String path, String name) throws EvidenceFormatException {
        if (!node.has(name)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode s : array(node, path, name)) {
            if (!s.isString()) {
                throw bad(path + "." + name + "[" + i + "]", "not a string");
            }
            out.add(s.asString());
            i++;
        }
        return List.copyOf(out);
    }

    public static EvidenceFormatException bad(String field, String detail) {
        return new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, field, -1, detail);
    }
}
