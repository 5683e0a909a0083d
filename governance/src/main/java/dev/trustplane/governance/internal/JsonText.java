package dev.trustplane.governance.internal;

import dev.trustplane.governance.GovernanceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading JSON files with precise errors, and the line of each node (for SARIF locations). */
public final class JsonText {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonText() {}

    public static JsonNode read(Path file) throws GovernanceException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new GovernanceException(file.toString(), "", "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file.toString(), text);
    }

    public static JsonNode parse(String file, String text) throws GovernanceException {
        try {
            JsonNode node = MAPPER.readTree(stripBom(text));
            if (node == null || node.isMissingNode()) {
                throw new GovernanceException(file, "", "the file is empty");
            }
            return node;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new GovernanceException(file, "", "malformed JSON: " + where + e.getOriginalMessage());
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** 1-based start line of every object and array node, keyed by JSON pointer ("" for the root). */
    public static Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<int[]> arrayIndex = new ArrayDeque<>();
        try (JsonParser p = MAPPER.createParser(stripBom(text))) {
            String pending = "";
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.PROPERTY_NAME) {
                    pending = path.peek() + "/" + escape(p.currentName());
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    path.pop();
                    if (t == JsonToken.END_ARRAY) {
                        arrayIndex.pop();
                    }
                    continue;
                }
                String here;
                if (!path.isEmpty() && !arrayIndex.isEmpty() && arrayIndex.peek()[1] == path.size()) {
                    here = path.peek() + "/" + arrayIndex.peek()[0]++;
                } else {
                    here = path.isEmpty() ? "" : pending;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    lines.put(here, p.currentTokenLocation().getLineNr());
                    path.push(here);
                    if (t == JsonToken.START_ARRAY) {
                        arrayIndex.push(new int[] {0, path.size()});
                    }
                } else {
                    lines.put(here, p.currentTokenLocation().getLineNr());
                }
            }
        } catch (JacksonException e) {
            return lines;
        }
        return lines;
    }

    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
