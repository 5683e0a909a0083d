package dev.trustplane.governance.input;

import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.internal.EvalError;
import dev.trustplane.governance.internal.Functions;
import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Scope;
import dev.trustplane.governance.internal.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands an ARM template (or Bicep's compiled JSON, languageVersion 1 arrays or 2.0 symbolic resources)
 * into the resources it would deploy: parameters (parameter files over defaults), variables (lazily, with
 * cycle detection), resource and property {@code copy} loops, {@code condition}s, child resources declared
 * inside their parent, and inline nested deployments (inner and outer expression scope). Values Azure
 * knows only at deployment time ({@code reference()}, {@code list*()}) are errors naming the function:
 * the gate never guesses them.
 */
final class ArmTemplate implements Scope {
    private static final Set<String> RESOURCE_META = Set.of("copy", "condition", "dependson", "comments", "existing",
            "scope", "import");

    private final String file;
    private final JsonNode template;
    private final Map<String, JsonNode> given;
    private final Instant now;
    private final String resourceGroupLocation;
    private final Map<String, JsonNode> parameters = new HashMap<>();
    private final Map<String, JsonNode> variables = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final Map<String, Integer> copyIndexes = new LinkedHashMap<>();
    private final String basePointer;
    private String currentLoop;

    /**
     * @param resourceGroupLocation what {@code resourceGroup().location} returns; null makes it an error,
     *                              since the target resource group is not known offline
     */
    ArmTemplate(String file, JsonNode template, Map<String, JsonNode> given, Instant now, String resourceGroupLocation) {
        this(file, template, given, now, resourceGroupLocation, "");
    }

    private ArmTemplate(String file, JsonNode template, Map<String, JsonNode> given, Instant now,
            String resourceGroupLocation, String basePointer) {
        this.file = file;
        this.template = template;
        this.given = given;
        this.now = now;
        this.resourceGroupLocation = resourceGroupLocation;
        this.basePointer = basePointer;
    }

    List<Resource> resources() throws GovernanceException {
        List<Resource> out = new ArrayList<>();
        JsonNode resources = template.path("resources");
        if (resources.isArray()) {
            int i = 0;
            for (JsonNode r : resources) {
                declare(r, basePointer + "/resources/" + i++, null, out);
            }
        } else if (resources.isObject()) {
            for (Map.Entry<String, JsonNode> e : resources.properties()) {
                declare(e.getValue(), basePointer + "/resources/" + JsonText.escape(e.getKey()), null, out);
            }
        } else if (!resources.isMissingNode()) {
            throw new GovernanceException(file, basePointer + "/resources", "'resources' must be an array or object");
        }
        return out;
    }

    private void declare(JsonNode r, String ptr, ObjectNode parent, List<Resource> out) throws GovernanceException {
        if (!r.isObject()) {
            throw new GovernanceException(file, ptr, "a resource must be an object");
        }
        if (Values.parseBool(r.get("existing")) == Boolean.TRUE) {
            return; // Bicep 'existing': referenced, not deployed.
        }
        JsonNode copy = r.get("copy");
        if (copy == null) {
            instance(r, ptr, parent, out);
            return;
        }
        String loop = Values.text(copy.get("name"));
        JsonNode count = eval(copy.get("count"), ptr + "/copy/count");
        if (loop == null || Values.number(count) == null) {
            throw new GovernanceException(file, ptr + "/copy", "a copy loop needs a 'name' and a numeric 'count'");
        }
        int n = Values.number(count).intValue();
        for (int i = 0; i < n; i++) {
            copyIndexes.put(Values.lower(loop), i);
            String previous = currentLoop;
            currentLoop = Values.lower(loop);
            try {
                instance(r, ptr, parent, out);
            } finally {
                currentLoop = previous;
                copyIndexes.remove(Values.lower(loop));
            }
        }
    }

    private void instance(JsonNode r, String ptr, ObjectNode parent, List<Resource> out) throws GovernanceException {
        JsonNode condition = r.get("condition");
        if (condition != null) {
            Boolean deploy = Values.parseBool(eval(condition, ptr + "/condition"));
            if (deploy == null) {
                throw new GovernanceException(file, ptr + "/condition", "a condition must be a boolean");
            }
            if (!deploy) {
                return;
            }
        }
        if ("Microsoft.Resources/deployments".equalsIgnoreCase(Values.text(r.get("type")))) {
            // The nested template's expressions belong to its own scope: never expand them here.
            nested(r, ptr, out);
            return;
        }
        ObjectNode body = Values.object();
        for (Map.Entry<String, JsonNode> e : r.properties()) {
            String k = Values.lower(e.getKey());
            if (RESOURCE_META.contains(k) || k.equals("resources")) {
                continue;
            }
            body.set(e.getKey(), expand(e.getValue(), ptr + "/" + JsonText.escape(e.getKey())));
        }
        String type = Values.text(body.get("type"));
        String name = Values.text(body.get("name"));
        if (type == null || name == null) {
            throw new GovernanceException(file, ptr, "a resource needs 'type' and 'name'");
        }
        if (parent != null && !type.contains("/")) {
            body.put("type", Values.text(parent.get("type")) + "/" + type);
            body.put("name", Values.text(parent.get("name")) + "/" + name);
        }
        out.add(new Resource(body, Values.text(body.get("apiVersion")), file, ptr));
        JsonNode children = r.get("resources");
        if (children != null && children.isArray()) {
            int i = 0;
            for (JsonNode c : children) {
                declare(c, ptr + "/resources/" + i++, body, out);
            }
        }
    }

    /** An inline nested template (Bicep modules compile to these); linked templates cannot be read offline. */
    private void nested(JsonNode raw, String ptr, List<Resource> out) throws GovernanceException {
        JsonNode props = raw.path("properties");
        if (props.has("templateLink")) {
            throw new GovernanceException(file, ptr + "/properties/templateLink",
                    "linked templates are not supported offline; inline the template or build the Bicep module");
        }
        JsonNode inner = props.get("template");
        if (inner == null) {
            throw new GovernanceException(file, ptr + "/properties", "a nested deployment needs an inline 'template'");
        }
        String scope = Values.text(props.path("expressionEvaluationOptions").get("scope"));
        String innerPtr = ptr + "/properties/template";
        if (scope != null && scope.equalsIgnoreCase("inner")) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : props.path("parameters").properties()) {
                JsonNode v = e.getValue().get("value");
                if (v == null) {
                    throw new GovernanceException(file, ptr + "/properties/parameters/" + e.getKey(),
                            "only 'value' parameters are supported (Key Vault references are resolved at deployment)");
                }
                values.put(e.getKey(), expand(v, ptr + "/properties/parameters/" + e.getKey() + "/value"));
            }
            out.addAll(new ArmTemplate(file, inner, values, now, resourceGroupLocation, innerPtr).resources());
        } else {
            // Outer scope: the nested template's expressions see this template's parameters and variables.
            JsonNode resources = inner.path("resources");
            int i = 0;
            for (JsonNode r : resources.isArray() ? resources : List.<JsonNode>of()) {
                declare(r, innerPtr + "/resources/" + i++, null, out);
            }
        }
    }

    /** Evaluates every expression inside a JSON value, expanding property copy loops. */
    private JsonNode expand(JsonNode v, String ptr) throws GovernanceException {
        if (v.isString()) {
            return eval(v, ptr);
        }
        if (v.isArray()) {
            ArrayNode out = Values.array();
            int i = 0;
            for (JsonNode e : v) {
                out.add(expand(e, ptr + "/" + i++));
            }
            return out;
        }
        if (v.isObject()) {
            ObjectNode out = Values.object();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                String p = ptr + "/" + JsonText.escape(e.getKey());
                if (e.getKey().equals("copy") && e.getValue().isArray()) {
                    int i = 0;
                    for (JsonNode loop : e.getValue()) {
                        propertyCopy(loop, p + "/" + i++, out);
                    }
                } else {
                    out.set(e.getKey(), expand(e.getValue(), p));
                }
            }
            return out;
        }
        return v;
    }

    private void propertyCopy(JsonNode loop, String ptr, ObjectNode target) throws GovernanceException {
        String name = Values.text(loop.get("name"));
        JsonNode count = eval(loop.get("count"), ptr + "/count");
        JsonNode input = loop.get("input");
        if (name == null || Values.number(count) == null || input == null) {
            throw new GovernanceException(file, ptr, "a property copy needs 'name', a numeric 'count' and 'input'");
        }
        ArrayNode items = Values.array();
        for (int i = 0; i < Values.number(count).intValue(); i++) {
            copyIndexes.put(Values.lower(name), i);
            try {
                items.add(expand(input, ptr + "/input"));
            } finally {
                copyIndexes.remove(Values.lower(name));
            }
        }
        target.set(name, items);
    }

    private JsonNode eval(JsonNode v, String ptr) throws GovernanceException {
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            return v;
        }
        try {
            return Functions.evalString(v.stringValue(), this);
        } catch (EvalError e) {
            throw new GovernanceException(file, e.jsonPath() != null ? e.jsonPath() : ptr, e.getMessage());
        }
    }

    @Override
    public boolean defines(String n) {
        return switch (n) {
            case "parameters", "variables", "copyindex", "resourcegroup", "subscription", "resourceid",
                    "subscriptionresourceid", "tenantresourceid", "extensionresourceid", "deployment", "environment",
                    "utcnow", "tenant", "managementgroup" -> true;
            default -> n.equals("reference") || n.startsWith("list") && !n.equals("last") && !n.equals("lastindexof");
        };
    }

    @Override
    public JsonNode call(String n, List<JsonNode> args) {
        switch (n) {
            case "parameters":
                return parameter(text(n, args, 0));
            case "variables":
                return variable(text(n, args, 0));
            case "copyindex":
                return copyIndex(args);
            case "resourcegroup":
                ObjectNode rg = Values.object().put("id", SUB + "/resourceGroups/deployment").put("name", "deployment")
                        .put("type", "Microsoft.Resources/resourceGroups");
                // Without --resource-group-location the location is absent, so resourceGroup().location is an
                // error naming the property rather than a guessed region.
                return resourceGroupLocation == null ? rg : rg.put("location", resourceGroupLocation);
            case "subscription":
                return Values.object().put("id", SUB).put("subscriptionId", SUB.substring(SUB.lastIndexOf('/') + 1))
                        .put("tenantId", "00000000-0000-0000-0000-000000000000");
            case "tenant":
                return Values.object().put("tenantId", "00000000-0000-0000-0000-000000000000");
            case "resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid":
                return Values.str(resourceId(n, args));
            case "deployment":
                return Values.object().put("name", "deployment").set("properties", Values.object());
            case "environment":
                return Values.object().put("name", "AzureCloud").put("resourceManager", "https://management.azure.com/");
            case "utcnow":
                return Values.str(now.toString());
            default:
                throw new EvalError(null, n + "() returns a value known only at deployment time; "
                        + "it cannot be evaluated offline (unsupported template feature)");
        }
    }

    private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";

    private static String text(String fn, List<JsonNode> args, int i) {
        if (args.size() <= i || !args.get(i).isString()) {
            throw new EvalError(null, fn + "() expects a string argument");
        }
        return args.get(i).stringValue();
    }

    private JsonNode parameter(String name) {
        String key = Values.lower(name);
        JsonNode cached = parameters.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode declared = Values.getIgnoreCase(template.path("parameters"), name);
        if (declared == null) {
            throw new EvalError(null, "parameters('" + name + "') is not declared by the template");
        }
        JsonNode value = null;
        for (Map.Entry<String, JsonNode> e : given.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                value = e.getValue();
            }
        }
        if (value == null) {
            JsonNode def = declared.get("defaultValue");
            if (def == null) {
                throw new EvalError(null, "template parameter '" + name + "' has no value (pass a parameters file) and no default");
            }
            value = def.isString() ? Functions.evalString(def.stringValue(), this) : def;
        }
        JsonNode allowed = declared.get("allowedValues");
        if (allowed != null && allowed.isArray()) {
            boolean ok = false;
            for (JsonNode a : allowed) {
                ok |= Values.equalsLenient(a, value);
            }
            if (!ok && !value.isArray()) {
                throw new EvalError(null, "template parameter '" + name + "' = " + Values.show(value)
                        + " is not one of its allowedValues");
            }
        }
        if ("securestring".equalsIgnoreCase(Values.text(declared.get("type"))) && value.isString()) {
            // Policies may test that a secret is set, never read it: keep its presence, drop its text, so no
            // explanation, report or error can print it.
            value = Values.str(value.stringValue().isEmpty() ? "" : "[secureString parameter '" + name + "']");
        }
        parameters.put(key, value);
        return value;
    }

    private JsonNode variable(String name) {
        String key = Values.lower(name);
        JsonNode cached = variables.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode declared = Values.getIgnoreCase(template.path("variables"), name);
        if (declared == null) {
            declared = copiedVariable(name);
        }
        if (declared == null) {
            throw new EvalError(null, "variables('" + name + "') is not declared by the template");
        }
        if (!resolving.add(key)) {
            throw new EvalError(null, "variable '" + name + "' refers to itself");
        }
        try {
            JsonNode value = expandUnchecked(declared, "/variables/" + name);
            if (Values.getIgnoreCase(template.path("variables"), name) == null) {
                value = Values.getIgnoreCase(value, name); // a copy-loop variable: the array the loop built
            }
            variables.put(key, value);
            return value;
        } finally {
            resolving.remove(key);
        }
    }

    /** A variable defined by a {@code variables.copy} loop: the loop itself, expanded when first read. */
    private JsonNode copiedVariable(String name) {
        JsonNode loops = Values.getIgnoreCase(template.path("variables"), "copy");
        if (loops == null || !loops.isArray()) {
            return null;
        }
        for (JsonNode loop : loops) {
            if (name.equalsIgnoreCase(Values.text(loop.get("name")))) {
                ObjectNode wrapper = Values.object();
                wrapper.putArray("copy").add(loop);
                return wrapper;
            }
        }
        return null;
    }

    private JsonNode expandUnchecked(JsonNode v, String ptr) {
        try {
            return expand(v, ptr);
        } catch (GovernanceException e) {
            throw new EvalError(e.jsonPath(), e.reason());
        }
    }

    private JsonNode copyIndex(List<JsonNode> args) {
        String loop = currentLoop;
        long offset = 0;
        for (JsonNode a : args) {
            if (a.isString()) {
                loop = Values.lower(a.stringValue());
            } else {
                offset = Values.number(a) == null ? 0 : Values.number(a).longValue();
            }
        }
        Integer i = loop == null ? null : copyIndexes.get(loop);
        if (i == null && args.stream().noneMatch(JsonNode::isString) && copyIndexes.size() == 1) {
            i = copyIndexes.values().iterator().next();
        }
        if (i == null) {
            throw new EvalError(null, "copyIndex() outside a copy loop" + (loop == null ? "" : " named '" + loop + "'"));
        }
        return Values.num(i + offset);
    }

    private static String resourceId(String fn, List<JsonNode> args) {
        List<String> parts = new ArrayList<>();
        for (JsonNode a : args) {
            parts.add(Values.text(a));
        }
        int typeAt = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != null && parts.get(i).contains(".") && parts.get(i).contains("/")) {
                typeAt = i;
                break;
            }
        }
        if (typeAt < 0) {
            throw new EvalError(null, fn + "() needs a resource type such as 'Microsoft.KeyVault/vaults'");
        }
        String[] type = parts.get(typeAt).split("/");
        List<String> names = parts.subList(typeAt + 1, parts.size());
        if (names.size() != type.length - 1) {
            throw new EvalError(null, fn + "() for type " + parts.get(typeAt) + " needs " + (type.length - 1) + " name(s)");
        }
        StringBuilder sb = new StringBuilder();
        if (fn.equals("extensionresourceid")) {
            sb.append(parts.getFirst());
        } else if (!fn.equals("tenantresourceid")) {
            sb.append(SUB);
            if (fn.equals("resourceid")) {
                sb.append("/resourceGroups/").append(typeAt >= 1 && !parts.get(typeAt - 1).startsWith("/") ? parts.get(typeAt - 1) : "deployment");
            }
        }
        sb.append("/providers/").append(type[0]);
        for (int i = 1; i < type.length; i++) {
            sb.append('/').append(type[i]).append('/').append(names.get(i - 1));
        }
        return sb.toString();
    }

    @Override
    public Instant now() {
        return now;
    }
}
