package dev.trustplane.governance;

import dev.trustplane.governance.internal.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An Azure Policy definition as Azure exports it (the ARM resource with {@code properties}, or the flat
 * shape {@code az policy definition show} prints): mode, parameters and the {@code if}/{@code then} rule.
 */
public record PolicyDefinition(String name, String displayName, String mode, Map<String, Parameter> parameters,
        JsonNode rule, String file) {

    /** A declared parameter: type, allowed values and default (null when none). */
    public record Parameter(String name, String type, JsonNode allowedValues, JsonNode defaultValue) {}

    public static boolean looksLikeDefinition(JsonNode root) {
        JsonNode p = props(root);
        return p.isObject() && p.has("policyRule");
    }

    public static PolicyDefinition parse(String file, JsonNode root) throws GovernanceException {
        JsonNode p = props(root);
        String base = root.has("properties") ? "/properties" : "";
        JsonNode rule = p.get("policyRule");
        if (rule == null || !rule.isObject()) {
            throw new GovernanceException(file, base, "not a policy definition: no 'policyRule' object");
        }
        if (!rule.has("if") || !rule.has("then") || !rule.get("then").has("effect")) {
            throw new GovernanceException(file, base + "/policyRule", "a policy rule needs 'if' and 'then.effect'");
        }
        String mode = Values.text(p.get("mode"));
        if (mode == null) {
            mode = "Indexed";
        } else if (!mode.equalsIgnoreCase("All") && !mode.equalsIgnoreCase("Indexed")) {
            throw new GovernanceException(file, base + "/mode", "mode '" + mode
                    + "' is a resource provider data-plane mode; only All and Indexed apply to deployments");
        }
        Map<String, Parameter> params = new LinkedHashMap<>();
        JsonNode declared = p.path("parameters");
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            JsonNode d = e.getValue();
            String type = Values.text(d.get("type"));
            if (type == null) {
                throw new GovernanceException(file, base + "/parameters/" + e.getKey(), "a parameter needs a 'type'");
            }
            params.put(Values.lower(e.getKey()), new Parameter(e.getKey(), type, d.get("allowedValues"), d.get("defaultValue")));
        }
        String name = Values.text(root.get("name"));
        if (name == null) {
            name = file;
        }
        return new PolicyDefinition(name, Values.text(p.get("displayName")), mode, Collections.unmodifiableMap(params),
                rule, file);
    }

    static JsonNode props(JsonNode root) {
        JsonNode p = root.get("properties");
        return p != null && p.isObject() ? p : root;
    }

    /**
     * The values the rule sees: {@code given} (by name, case-insensitive) over defaults, each checked
     * against its type and allowed values. A parameter with neither a value nor a default is an error.
     */
    public Map<String, JsonNode> resolve(Map<String, JsonNode> given, String where) throws GovernanceException {
        Map<String, JsonNode> byLower = new LinkedHashMap<>();
        given.forEach((k, v) -> byLower.put(Values.lower(k), v));
        for (String k : byLower.keySet()) {
            if (!parameters.containsKey(k)) {
                throw new GovernanceException(file, "/properties/parameters", where + "sets parameter '" + k
                        + "' which is not declared");
            }
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Parameter p : parameters.values()) {
            JsonNode v = byLower.getOrDefault(Values.lower(p.name()), p.defaultValue());
            String ptr = "/properties/parameters/" + p.name();
            if (v == null) {
                throw new GovernanceException(file, ptr, where + "parameter '" + p.name() + "' has no value and no default");
            }
            checkType(p, v, ptr, where);
            if (p.allowedValues() != null && p.allowedValues().isArray() && !allowed(p.allowedValues(), v)) {
                throw new GovernanceException(file, ptr, where + "parameter '" + p.name() + "' = " + Values.show(v)
                        + " is not one of its allowed values " + Values.show(p.allowedValues()));
            }
            out.put(Values.lower(p.name()), v);
        }
        return out;
    }

    private static boolean allowed(JsonNode allowedValues, JsonNode v) {
        if (v.isArray() && !containsArray(allowedValues)) {
            for (JsonNode item : v) {
                if (!allowed(allowedValues, item)) {
                    return false;
                }
            }
            return true;
        }
        for (JsonNode a : allowedValues) {
            if (Values.equalsLenient(a, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsArray(JsonNode allowed) {
        for (JsonNode a : allowed) {
            if (a.isArray()) {
                return true;
            }
        }
        return false;
    }

    private void checkType(Parameter p, JsonNode v, String ptr, String where) throws GovernanceException {
        boolean ok = switch (Values.lower(p.type())) {
            case "string", "datetime" -> v.isString();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "float" -> v.isNumber();
            default -> true;
        };
        if (!ok) {
            throw new GovernanceException(file, ptr, where + "parameter '" + p.name() + "' must be of type "
                    + p.type() + ", got " + Values.show(v));
        }
    }

    public List<String> parameterNames() {
        return parameters.values().stream().map(Parameter::name).toList();
    }
}
