package dev.trustplane.governance.internal;

import dev.trustplane.governance.AliasTable;
import dev.trustplane.governance.Resource;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Everything a policy rule sees while it evaluates one resource: the resource, the alias table, the
 * definition's resolved parameters, the count frames ({@code current()}), the request context and the
 * resource group. Implements the policy-only template functions.
 */
public final class RuleContext implements Scope {
    /** A count iteration: a field count's array path and element, or a value count's name and item. */
    record Frame(FieldPath path, String name, JsonNode item) {}

    /** A field's values: one value, or one per element when the path has {@code [*]}. */
    public record FieldValue(List<JsonNode> values, boolean perElement) {
        JsonNode single() {
            return values.isEmpty() ? null : values.getFirst();
        }
    }

    private final Resource resource;
    /** The resource {@code [field()]} reads: the evaluated one, also inside an existence condition. */
    private final Resource templateResource;
    private final AliasTable aliases;
    private final Map<String, JsonNode> parameters;
    private final JsonNode resourceGroup;
    private final Instant now;
    private final Deque<Frame> frames = new ArrayDeque<>();

    public RuleContext(Resource resource, AliasTable aliases, Map<String, JsonNode> parameters,
            JsonNode resourceGroup, Instant now) {
        this(resource, resource, aliases, parameters, resourceGroup, now);
    }

    private RuleContext(Resource resource, Resource templateResource, AliasTable aliases,
            Map<String, JsonNode> parameters, JsonNode resourceGroup, Instant now) {
        this.resource = resource;
        this.templateResource = templateResource;
        this.aliases = aliases;
        this.parameters = parameters;
        this.resourceGroup = resourceGroup;
        this.now = now;
    }

    public Resource resource() {
        return resource;
    }

    /**
     * For an existence condition: {@code field} conditions read {@code related}, while the {@code [field()]}
     * function still reads the resource the rule matched, as Azure documents.
     */
    public RuleContext on(Resource related) {
        return new RuleContext(related, resource, aliases, parameters, resourceGroup, now);
    }

    void push(Frame f) {
        frames.push(f);
    }

    void pop() {
        frames.pop();
    }

    /** Resolves a field name or alias to its path on this resource; unknown names are errors. */
    public FieldPath pathOf(String field) {
        String lower = Values.lower(field);
        switch (lower) {
            case "type", "kind", "id", "location", "tags", "identity.type", "fullname", "name":
                return FieldPath.of(lower.equals("fullname") ? "name" : field);
            default:
                break;
        }
        if (lower.startsWith("tags.") || lower.startsWith("tags[")) {
            return FieldPath.of(field);
        }
        if (!aliases.knows(field)) {
            throw new EvalError(null, "unknown alias '" + field + "' (load a full alias dump with --aliases)");
        }
        String path = aliases.path(field, resource.type());
        return path == null ? null : FieldPath.of(path);
    }

    /** The value(s) of a field on the resource, or on the current count element when inside one. */
    public FieldValue field(String field) {
        String lower = Values.lower(field);
        if (lower.equals("name")) {
            String name = resource.name();
            return one(name == null ? null : Values.str(name.substring(name.lastIndexOf('/') + 1)));
        }
        if (lower.equals("id")) {
            return one(Values.str(resource.id()));
        }
        if (lower.equals("location")) {
            String loc = Values.text(resource.body().get("location"));
            return one(loc == null ? null : Values.str(Values.lower(loc.replace(" ", ""))));
        }
        FieldPath path = pathOf(field);
        if (path == null) {
            return new FieldValue(List.of(), true);
        }
        for (Frame f : frames) {
            if (f.path() == null) {
                continue;
            }
            int from = path.afterPrefix(f.path());
            if (from >= 0) {
                return values(path, f.item(), from);
            }
        }
        return values(path, resource.body(), 0);
    }

    private static FieldValue values(FieldPath path, JsonNode root, int from) {
        boolean multi = path.segments().subList(from, path.segments().size()).stream()
                .anyMatch(FieldPath.Segment::wildcard);
        return multi ? new FieldValue(path.all(root, from), true) : one(path.single(root, from));
    }

    private static FieldValue one(JsonNode v) {
        List<JsonNode> l = new ArrayList<>(1);
        l.add(v);
        return new FieldValue(l, false);
    }

    @Override
    public boolean defines(String lowerName) {
        return switch (lowerName) {
            case "parameters", "field", "current", "requestcontext", "resourcegroup", "subscription", "utcnow",
                    "policy" -> true;
            default -> false;
        };
    }

    @Override
    public JsonNode call(String name, List<JsonNode> args) {
        switch (name) {
            case "parameters": {
                Functions.arity("parameters", args.size(), 1, 1);
                String p = Functions.string("parameters", args.get(0));
                JsonNode v = parameters.get(Values.lower(p));
                if (v == null) {
                    throw new EvalError(null, "parameters('" + p + "') is not a parameter of the definition");
                }
                return v;
            }
            case "field": {
                Functions.arity("field", args.size(), 1, 1);
                String f = Functions.string("field", args.get(0));
                FieldValue v = templateResource == resource ? field(f) : on(templateResource).field(f);
                if (!v.perElement()) {
                    return Values.nullish(v.single()) ? Values.F.nullNode() : v.single();
                }
                ArrayNode out = Values.array();
                v.values().stream().filter(x -> !Values.nullish(x)).forEach(out::add);
                return out;
            }
            case "current":
                return current(args);
            case "requestcontext": {
                Functions.arity("requestContext", args.size(), 0, 0);
                return Values.object().put("apiVersion", resource.apiVersion());
            }
            case "resourcegroup":
                return resourceGroup;
            case "subscription":
                return Values.object().put("subscriptionId", "00000000-0000-0000-0000-000000000000")
                        .put("id", "/subscriptions/00000000-0000-0000-0000-000000000000");
            case "utcnow":
                return Values.str(now.toString());
            default:
                throw new EvalError(null, "template function '" + name + "' is not available offline");
        }
    }

    private JsonNode current(List<JsonNode> args) {
        Functions.arity("current", args.size(), 0, 1);
        if (frames.isEmpty()) {
            throw new EvalError(null, "current() is only valid inside a count's 'where'");
        }
        if (args.isEmpty()) {
            return frames.peek().item();
        }
        String name = Functions.string("current", args.get(0));
        for (Frame f : frames) {
            if (f.name() != null && f.name().equalsIgnoreCase(name)) {
                return f.item();
            }
        }
        // current('<alias>') inside a field count: the alias evaluated on the current element.
        FieldValue v = field(name);
        if (!v.perElement()) {
            return Values.nullish(v.single()) ? Values.F.nullNode() : v.single();
        }
        ArrayNode out = Values.array();
        v.values().stream().filter(x -> !Values.nullish(x)).forEach(out::add);
        return out;
    }

    /** The field path of a count frame; frames with a field path answer alias lookups relative to the element. */
    Frame fieldFrame(FieldPath path, JsonNode element) {
        return new Frame(path, null, element);
    }

    @Override
    public Instant now() {
        return now;
    }
}
