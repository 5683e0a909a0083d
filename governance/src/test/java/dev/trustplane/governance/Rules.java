package dev.trustplane.governance;

import dev.trustplane.governance.internal.JsonText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Test helper: evaluates one {@code if} tree over one resource, as a mode-All Audit definition. */
final class Rules {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** Aliases of a test resource type, shaped like the documentation's array examples. */
    static final AliasTable ALIASES;

    static {
        try {
            ALIASES = AliasTable.builtIn().with("test", JsonText.parse("test", """
                    [{"namespace": "Microsoft.Test", "resourceTypes": [{"resourceType": "resourceType", "aliases": [
                      {"name": "Microsoft.Test/resourceType/stringArray", "defaultPath": "properties.stringArray"},
                      {"name": "Microsoft.Test/resourceType/stringArray[*]", "defaultPath": "properties.stringArray[*]"},
                      {"name": "Microsoft.Test/resourceType/objectArray[*]", "defaultPath": "properties.objectArray[*]"},
                      {"name": "Microsoft.Test/resourceType/objectArray[*].property", "defaultPath": "properties.objectArray[*].property"},
                      {"name": "Microsoft.Test/resourceType/objectArray[*].nestedArray[*]", "defaultPath": "properties.objectArray[*].nestedArray[*]"},
                      {"name": "Microsoft.Test/resourceType/emptyArray[*]", "defaultPath": "properties.emptyArray[*]"},
                      {"name": "Microsoft.Test/resourceType/missingArray[*]", "defaultPath": "properties.missingArray[*]"},
                      {"name": "Microsoft.Test/resourceType/text", "defaultPath": "properties.text"},
                      {"name": "Microsoft.Test/resourceType/number", "defaultPath": "properties.number"},
                      {"name": "Microsoft.Test/resourceType/flag", "defaultPath": "properties.flag"},
                      {"name": "Microsoft.Test/resourceType/object", "defaultPath": "properties.object"},
                      {"name": "Microsoft.Test/resourceType/date", "defaultPath": "properties.date"},
                      {"name": "Microsoft.Test/resourceType/missing", "defaultPath": "properties.missing"},
                      {"name": "Microsoft.Test/resourceType/nullValue", "defaultPath": "properties.nullValue"}
                    ]}]}]"""));
        } catch (GovernanceException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String RESOURCE = """
            {"type": "Microsoft.Test/resourceType", "name": "myResource", "location": "West Europe", "kind": "Special",
             "tags": {"env": "Prod", "cost center": "42"}, "identity": {"type": "SystemAssigned"},
             "properties": {
               "stringArray": ["a", "b", "c"],
               "objectArray": [{"property": "value1", "nestedArray": [1, 2]}, {"property": "value2", "nestedArray": [3, 4]}],
               "emptyArray": [],
               "text": "Hello World", "number": 5, "flag": true, "object": {"Key": 1}, "date": "2024-01-15T00:00:00Z",
               "nullValue": null}}""";

    private Rules() {}

    /** Whether {@code ifJson} matches the standard test resource. */
    static boolean matches(String ifJson) throws GovernanceException {
        return matches(ifJson, RESOURCE, Map.of(), "{}");
    }

    static boolean matches(String ifJson, String resourceJson) throws GovernanceException {
        return matches(ifJson, resourceJson, Map.of(), "{}");
    }

    static boolean matches(String ifJson, String resourceJson, Map<String, JsonNode> params, String paramDecl)
            throws GovernanceException {
        Finding f = evaluate(ifJson, resourceJson, params, paramDecl);
        return f.outcome() == Finding.Outcome.NON_COMPLIANT;
    }

    static Finding evaluate(String ifJson, String resourceJson, Map<String, JsonNode> params, String paramDecl)
            throws GovernanceException {
        PolicyDefinition d = definition(ifJson, paramDecl);
        Resource r = new Resource(JsonText.parse("resource.json", resourceJson), "2024-01-01", "resource.json", "");
        List<Finding> out = new Evaluator(ALIASES, NOW, true).evaluate(PolicySet.of(d), params, List.of(r));
        return out.getFirst();
    }

    static PolicyDefinition definition(String ifJson, String paramDecl) throws GovernanceException {
        String json = "{\"name\": \"test\", \"properties\": {\"mode\": \"All\", \"displayName\": \"test rule\", \"parameters\": "
                + paramDecl + ", \"policyRule\": {\"if\": " + ifJson + ", \"then\": {\"effect\": \"audit\"}}}}";
        return PolicyDefinition.parse("rule.json", JsonText.parse("rule.json", json));
    }

    static JsonNode json(String s) {
        try {
            return JsonText.parse("param", s);
        } catch (GovernanceException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
