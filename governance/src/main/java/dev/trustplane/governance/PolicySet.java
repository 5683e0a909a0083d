package dev.trustplane.governance;

import dev.trustplane.governance.internal.EvalError;
import dev.trustplane.governance.internal.Functions;
import dev.trustplane.governance.internal.Scope;
import dev.trustplane.governance.internal.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An initiative (policy set definition) with its references resolved to definitions. A lone definition is
 * treated as a set of one whose parameters pass straight through.
 */
public record PolicySet(String name, String displayName, List<PolicyDefinition.Parameter> parameters,
        List<Reference> references, String file) {

    /** One member: the reference id, the definition, and the parameter values as written (may be expressions). */
    public record Reference(String referenceId, PolicyDefinition definition, Map<String, JsonNode> parameters) {}

    public static boolean looksLikeSet(JsonNode root) {
        return PolicyDefinition.props(root).has("policyDefinitions");
    }

    /** Parses a set, resolving each {@code policyDefinitionId} by its last segment in {@code definitions}. */
    public static PolicySet parse(String file, JsonNode root, Map<String, PolicyDefinition> definitions)
            throws GovernanceException {
        JsonNode p = PolicyDefinition.props(root);
        String base = root.has("properties") ? "/properties" : "";
        List<Reference> refs = new ArrayList<>();
        int i = 0;
        for (JsonNode r : p.path("policyDefinitions")) {
            String ptr = base + "/policyDefinitions/" + i++;
            String id = Values.text(r.get("policyDefinitionId"));
            if (id == null) {
                throw new GovernanceException(file, ptr, "a reference needs a 'policyDefinitionId'");
            }
            String key = Values.lower(id.substring(id.lastIndexOf('/') + 1));
            PolicyDefinition d = definitions.get(key);
            if (d == null) {
                throw new GovernanceException(file, ptr + "/policyDefinitionId", "definition '" + id
                        + "' is not among the loaded definitions (pass its JSON file or folder too)");
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.path("parameters").properties()) {
                values.put(e.getKey(), e.getValue().get("value"));
            }
            String refId = Values.text(r.get("policyDefinitionReferenceId"));
            refs.add(new Reference(refId == null ? d.name() : refId, d, values));
        }
        PolicyDefinition carrier = PolicyDefinition.parse(file, parametersOnly(root));
        return new PolicySet(Values.text(root.get("name")) == null ? file : Values.text(root.get("name")),
                Values.text(p.get("displayName")), carrier.parameters().values().stream().toList(),
                List.copyOf(refs), file);
    }

    /** A set of one definition; its parameters are the definition's. */
    public static PolicySet of(PolicyDefinition d) {
        Map<String, JsonNode> pass = new LinkedHashMap<>();
        for (String n : d.parameterNames()) {
            pass.put(n, Values.str("[parameters('" + n + "')]"));
        }
        return new PolicySet(d.name(), d.displayName(), d.parameters().values().stream().toList(),
                List.of(new Reference(d.name(), d, pass)), d.file());
    }

    private static JsonNode parametersOnly(JsonNode root) {
        var props = Values.object();
        props.set("parameters", PolicyDefinition.props(root).path("parameters"));
        props.set("policyRule", Values.object().<tools.jackson.databind.node.ObjectNode>set("if", Values.object())
                .set("then", Values.object().put("effect", "disabled")));
        props.put("mode", "All");
        return Values.object().set("properties", props);
    }

    /**
     * The definition-level parameter values of every reference, given set-level values: set parameters
     * resolve (defaults, allowed values), then each reference's expressions are evaluated over them.
     */
    public Map<String, Map<String, JsonNode>> bind(Map<String, JsonNode> given) throws GovernanceException {
        Map<String, PolicyDefinition.Parameter> declared = new LinkedHashMap<>();
        for (PolicyDefinition.Parameter p : parameters) {
            declared.put(Values.lower(p.name()), p);
        }
        PolicyDefinition carrier = new PolicyDefinition(name, displayName, "All", declared, Values.object(), file);
        Map<String, JsonNode> setValues = carrier.resolve(given, "");
        Scope scope = new Scope() {
            @Override
            public boolean defines(String lowerName) {
                return lowerName.equals("parameters");
            }

            @Override
            public JsonNode call(String lowerName, List<JsonNode> args) {
                String n = Values.text(args.getFirst());
                JsonNode v = n == null ? null : setValues.get(Values.lower(n));
                if (v == null) {
                    throw new EvalError(null, "parameters('" + n + "') is not a parameter of the initiative");
                }
                return v;
            }

            @Override
            public Instant now() {
                return Instant.EPOCH;
            }
        };
        Map<String, Map<String, JsonNode>> out = new LinkedHashMap<>();
        for (Reference r : references) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.parameters().entrySet()) {
                JsonNode v = e.getValue();
                try {
                    values.put(e.getKey(), v != null && v.isString() ? Functions.evalString(v.stringValue(), scope) : v);
                } catch (EvalError err) {
                    throw new GovernanceException(file, "/properties/policyDefinitions (" + r.referenceId() + ")/parameters/"
                            + e.getKey(), err.getMessage());
                }
            }
            out.put(r.referenceId(), r.definition().resolve(values, "reference '" + r.referenceId() + "': "));
        }
        return out;
    }
}
