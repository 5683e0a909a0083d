package dev.trustplane.governance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * A property path as alias tables write them ({@code properties.storageProfile.dataDisks[*].managedDisk.id},
 * {@code tags['cost center']}) and its evaluation over resource JSON. A path with {@code [*]} yields one value
 * per array element (flattened over nested {@code [*]}), with {@code null} for elements where the rest of the
 * path is absent — the per-element semantics of Azure's {@code [*]} conditions need those.
 */
public final class FieldPath {
    /** One segment; {@code wildcard} means "then every element of this array". */
    public record Segment(String name, boolean wildcard) {}

    private static final Map<String, FieldPath> CACHE = new ConcurrentHashMap<>();

    private final String text;
    private final List<Segment> segments;

    private FieldPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    public static FieldPath of(String text) {
        return CACHE.computeIfAbsent(text, FieldPath::parse);
    }

    private static FieldPath parse(String text) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        StringBuilder name = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (!name.isEmpty()) {
                    out.add(new Segment(name.toString(), false));
                    name.setLength(0);
                }
                i++;
            } else if (text.startsWith("[*]", i)) {
                out.add(new Segment(name.toString(), true));
                name.setLength(0);
                i += 3;
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                if (end < 0) {
                    throw new EvalError(null, "unterminated '[' in field path '" + text + "'");
                }
                if (!name.isEmpty()) {
                    out.add(new Segment(name.toString(), false));
                    name.setLength(0);
                }
                String key = text.substring(i + 1, end).strip();
                if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"')) {
                    key = key.substring(1, key.length() - 1);
                }
                out.add(new Segment(key, false));
                i = end + 1;
            } else {
                name.append(c);
                i++;
            }
        }
        if (!name.isEmpty()) {
            out.add(new Segment(name.toString(), false));
        }
        return new FieldPath(text, List.copyOf(out));
    }

    public List<Segment> segments() {
        return segments;
    }

    public boolean hasWildcard() {
        return segments.stream().anyMatch(Segment::wildcard);
    }

    /** Whether this path ends with {@code [*]} (an alias naming the array elements themselves). */
    public boolean endsWithWildcard() {
        return !segments.isEmpty() && segments.getLast().wildcard();
    }

    /** The number of leading segments shared with {@code prefix} when it is a prefix of this path, else -1. */
    public int afterPrefix(FieldPath prefix) {
        if (prefix.segments.size() > segments.size()) {
            return -1;
        }
        for (int i = 0; i < prefix.segments.size(); i++) {
            Segment a = segments.get(i);
            Segment b = prefix.segments.get(i);
            if (a.wildcard() != b.wildcard() || !a.name().equalsIgnoreCase(b.name())) {
                return -1;
            }
        }
        return prefix.segments.size();
    }

    /** The single value at this path (no wildcard), or null when absent. */
    public JsonNode single(JsonNode root, int from) {
        JsonNode node = root;
        for (int i = from; i < segments.size() && node != null; i++) {
            node = Values.getIgnoreCase(node, segments.get(i).name());
        }
        return node;
    }

    /** Every value reached through the wildcards; absent leaves are null. */
    public List<JsonNode> all(JsonNode root, int from) {
        List<JsonNode> out = new ArrayList<>();
        collect(root, from, out);
        return out;
    }

    private void collect(JsonNode node, int i, List<JsonNode> out) {
        for (; i < segments.size(); i++) {
            if (node == null) {
                out.add(null);
                return;
            }
            Segment s = segments.get(i);
            if (!s.name().isEmpty()) {
                node = Values.getIgnoreCase(node, s.name());
            }
            if (s.wildcard()) {
                if (node == null || !node.isArray()) {
                    // An absent or non-array collection has no elements: nothing to evaluate.
                    return;
                }
                for (JsonNode e : node) {
                    collect(e, i + 1, out);
                }
                return;
            }
        }
        out.add(node);
    }

    @Override
    public String toString() {
        return text;
    }
}
