package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.governance.internal.JsonText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Effects, parameters, modes, existence conditions, initiatives, and errors that name file and JSON path. */
class EvaluatorTest {
    private static final String VAULT = """
            {"type": "Microsoft.KeyVault/vaults", "name": "kv1", "location": "westeurope",
             "properties": {"enablePurgeProtection": true}}""";

    private static PolicyDefinition def(String json) throws GovernanceException {
        return PolicyDefinition.parse("def.json", JsonText.parse("def.json", json));
    }

    private static Resource res(String json, String pointer) throws GovernanceException {
        return new Resource(JsonText.parse("in.json", json), "2023-07-01", "in.json", pointer);
    }

    private static List<Finding> run(PolicySet set, Map<String, JsonNode> params, Resource... rs) throws GovernanceException {
        return new Evaluator(Rules.ALIASES, Rules.NOW, false).evaluate(set, params, List.of(rs));
    }

    private static final String EFFECT_PARAM = """
            {"effect": {"type": "String", "allowedValues": ["Audit", "Deny", "Disabled"], "defaultValue": "Audit"}}""";

    private static PolicyDefinition purgeRule() throws GovernanceException {
        return def("""
                {"name": "purge", "properties": {"mode": "Indexed", "displayName": "purge protection",
                 "parameters": %s,
                 "policyRule": {"if": {"allOf": [{"field": "type", "equals": "Microsoft.KeyVault/vaults"},
                   {"field": "Microsoft.KeyVault/vaults/enablePurgeProtection", "notEquals": true}]},
                  "then": {"effect": "[parameters('effect')]"}}}}""".formatted(EFFECT_PARAM));
    }

    @Test
    void the_effect_comes_from_the_parameter_default_or_the_given_value() throws Exception {
        Resource bad = res("{\"type\": \"Microsoft.KeyVault/vaults\", \"name\": \"kv\", \"location\": \"westeurope\"}", "/0");
        Finding audit = run(PolicySet.of(purgeRule()), Map.of(), bad).getFirst();
        assertThat(audit.effect()).isEqualTo(Effect.AUDIT);
        assertThat(audit.outcome()).isEqualTo(Finding.Outcome.NON_COMPLIANT);
        assertThat(audit.fails(false)).isFalse();
        assertThat(audit.fails(true)).isTrue();

        Finding deny = run(PolicySet.of(purgeRule()), Map.of("EFFECT", Rules.json("\"deny\"")), bad).getFirst();
        assertThat(deny.effect()).isEqualTo(Effect.DENY);
        assertThat(deny.fails(false)).isTrue();

        assertThat(run(PolicySet.of(purgeRule()), Map.of("effect", Rules.json("\"Disabled\"")), bad)).isEmpty();
        assertThat(run(PolicySet.of(purgeRule()), Map.of(), res(VAULT, "/1")).getFirst().outcome())
                .isEqualTo(Finding.Outcome.COMPLIANT);
    }

    @Test
    void parameters_outside_allowed_values_wrong_types_or_missing_are_errors() throws Exception {
        Resource r = res(VAULT, "");
        assertThatThrownBy(() -> run(PolicySet.of(purgeRule()), Map.of("effect", Rules.json("\"Block\"")), r))
                .isInstanceOf(GovernanceException.class).hasMessageContaining("/properties/parameters/effect")
                .hasMessageContaining("not one of its allowed values");
        assertThatThrownBy(() -> run(PolicySet.of(purgeRule()), Map.of("effect", Rules.json("1")), r))
                .hasMessageContaining("must be of type String");
        assertThatThrownBy(() -> run(PolicySet.of(purgeRule()), Map.of("nope", Rules.json("1")), r))
                .hasMessageContaining("which is not declared");
        PolicyDefinition noDefault = def("""
                {"name": "loc", "properties": {"mode": "Indexed", "parameters": {"listOfAllowedLocations": {"type": "Array"}},
                 "policyRule": {"if": {"field": "location", "notIn": "[parameters('listOfAllowedLocations')]"},
                  "then": {"effect": "deny"}}}}""");
        assertThatThrownBy(() -> run(PolicySet.of(noDefault), Map.of(), r))
                .hasMessageContaining("'listOfAllowedLocations' has no value and no default");
    }

    @Test
    void indexed_mode_skips_resources_without_location_and_all_mode_does_not() throws Exception {
        String rule = """
                {"name": "n", "properties": {"mode": "%s", "policyRule": {"if": {"field": "name", "like": "*"},
                 "then": {"effect": "audit"}}}}""";
        Resource child = res("{\"type\": \"Microsoft.KeyVault/vaults/privateEndpointConnections\", \"name\": \"kv/pe\"}", "");
        assertThat(run(PolicySet.of(def(rule.formatted("Indexed"))), Map.of(), child)).isEmpty();
        assertThat(run(PolicySet.of(def(rule.formatted("All"))), Map.of(), child)).hasSize(1);
        assertThatThrownBy(() -> def(rule.formatted("Microsoft.KeyVault.Data")))
                .hasMessageContaining("/properties/mode").hasMessageContaining("data-plane");
    }

    @Test
    void audit_if_not_exists_looks_for_the_related_child_in_the_deployment() throws Exception {
        PolicyDefinition aine = def("""
                {"name": "pe", "properties": {"mode": "Indexed", "displayName": "private link",
                 "policyRule": {"if": {"field": "type", "equals": "Microsoft.KeyVault/vaults"},
                  "then": {"effect": "AuditIfNotExists", "details": {
                    "type": "Microsoft.KeyVault/vaults/privateEndpointConnections",
                    "existenceCondition": {"allOf": [
                      {"field": "Microsoft.KeyVault/vaults/privateEndpointConnections/privateLinkServiceConnectionState.status", "equals": "Approved"},
                      {"value": "[field('name')]", "equals": "kv1"}]}}}}}}""");
        Resource vault = res(VAULT, "/0");
        Finding missing = run(PolicySet.of(aine), Map.of(), vault).getFirst();
        assertThat(missing.outcome()).isEqualTo(Finding.Outcome.NON_COMPLIANT);
        assertThat(missing.effect()).isEqualTo(Effect.AUDITIFNOTEXISTS);

        Resource pending = res("""
                {"type": "Microsoft.KeyVault/vaults/privateEndpointConnections", "name": "kv1/pe",
                 "properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}}""", "/1");
        assertThat(run(PolicySet.of(aine), Map.of(), vault, pending).getFirst().outcome())
                .isEqualTo(Finding.Outcome.NON_COMPLIANT);
        Resource approved = res("""
                {"type": "Microsoft.KeyVault/vaults/privateEndpointConnections", "name": "kv1/pe2",
                 "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}""", "/2");
        assertThat(run(PolicySet.of(aine), Map.of(), vault, pending, approved).getFirst().outcome())
                .isEqualTo(Finding.Outcome.COMPLIANT);
        Resource otherVaultsChild = res("""
                {"type": "Microsoft.KeyVault/vaults/privateEndpointConnections", "name": "kv2/pe",
                 "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}""", "/3");
        assertThat(run(PolicySet.of(aine), Map.of(), vault, otherVaultsChild).getFirst().outcome())
                .isEqualTo(Finding.Outcome.NON_COMPLIANT);
    }

    @Test
    void deny_action_blocks_and_defender_assessments_are_reported_as_not_evaluable_offline() throws Exception {
        PolicyDefinition denyAction = def("""
                {"name": "da", "properties": {"mode": "Indexed", "policyRule": {"if": {"field": "type",
                 "equals": "Microsoft.KeyVault/vaults"}, "then": {"effect": "DenyAction", "details": {"actionNames": ["delete"]}}}}}""");
        Finding f = run(PolicySet.of(denyAction), Map.of(), res(VAULT, "")).getFirst();
        assertThat(f.effect()).isEqualTo(Effect.DENYACTION);
        assertThat(f.fails(false)).isTrue();

        PolicyDefinition assessment = def("""
                {"name": "as", "properties": {"mode": "Indexed", "policyRule": {"if": {"field": "type",
                 "equals": "Microsoft.KeyVault/vaults"}, "then": {"effect": "AuditIfNotExists", "details": {
                 "type": "Microsoft.Security/assessments", "name": "x"}}}}}""");
        Finding g = run(PolicySet.of(assessment), Map.of(), res(VAULT, "")).getFirst();
        assertThat(g.outcome()).isEqualTo(Finding.Outcome.NOT_EVALUATED_OFFLINE);
        assertThat(g.fails(true)).isFalse();
    }

    @Test
    void unknown_aliases_functions_and_keys_are_errors_with_file_and_path() throws Exception {
        Resource r = res(VAULT, "");
        PolicyDefinition alias = def("""
                {"name": "a", "properties": {"mode": "All", "policyRule": {"if": {"allOf": [{"field": "type", "equals": "x"},
                 {"field": "Microsoft.KeyVault/vaults/noSuchProperty", "equals": true}]}, "then": {"effect": "audit"}}}}""");
        // allOf stops at the first false: put the unknown alias first to be sure it is reached.
        PolicyDefinition aliasFirst = def("""
                {"name": "a", "properties": {"mode": "All", "policyRule": {"if": {"anyOf": [
                 {"field": "Microsoft.KeyVault/vaults/noSuchProperty", "equals": true}]}, "then": {"effect": "audit"}}}}""");
        assertThat(run(PolicySet.of(alias), Map.of(), r).getFirst().outcome()).isEqualTo(Finding.Outcome.COMPLIANT);
        assertThatThrownBy(() -> run(PolicySet.of(aliasFirst), Map.of(), r))
                .isInstanceOf(GovernanceException.class)
                .hasMessageContaining("def.json: /properties/policyRule/if/anyOf/0/field")
                .hasMessageContaining("unknown alias 'Microsoft.KeyVault/vaults/noSuchProperty'");
        PolicyDefinition fn = def("""
                {"name": "f", "properties": {"mode": "All", "policyRule": {"if": {"value": "[reference('x').id]",
                 "equals": "y"}, "then": {"effect": "audit"}}}}""");
        assertThatThrownBy(() -> run(PolicySet.of(fn), Map.of(), r))
                .hasMessageContaining("/properties/policyRule/if/value").hasMessageContaining("'reference'");
        PolicyDefinition key = def("""
                {"name": "k", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equal": "y"},
                 "then": {"effect": "audit"}}}}""");
        assertThatThrownBy(() -> run(PolicySet.of(key), Map.of(), r))
                .hasMessageContaining("/properties/policyRule/if/equal").hasMessageContaining("unknown condition key");
        PolicyDefinition effect = def("""
                {"name": "e", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "y"},
                 "then": {"effect": "block"}}}}""");
        assertThatThrownBy(() -> run(PolicySet.of(effect), Map.of(), r))
                .hasMessageContaining("/properties/policyRule/then/effect").hasMessageContaining("unknown effect");
        assertThatThrownBy(() -> Rules.matches("{\"field\": \"name\", \"greater\": 3, \"less\": 4}"))
                .hasMessageContaining("exactly one operator");
        assertThatThrownBy(() -> Rules.matches("{\"field\": \"Microsoft.Test/resourceType/text\", \"greater\": 3}"))
                .hasMessageContaining("cannot compare");
    }

    @Test
    void an_initiative_binds_its_parameters_into_each_reference_keyed_by_reference_id() throws Exception {
        PolicyDefinition rule = purgeRule();
        JsonNode set = JsonText.parse("set.json", """
                {"name": "s", "properties": {"parameters": {"effect": {"type": "String", "defaultValue": "Deny"}},
                 "policyDefinitions": [
                  {"policyDefinitionReferenceId": "WithEffect", "policyDefinitionId": "/providers/x/policyDefinitions/purge",
                   "parameters": {"effect": {"value": "[parameters('effect')]"}}},
                  {"policyDefinitionReferenceId": "DefaultEffect", "policyDefinitionId": "/providers/x/policyDefinitions/purge"}]}}""");
        PolicySet s = PolicySet.parse("set.json", set, Map.of("purge", rule));
        List<Finding> findings = run(s, Map.of(), res("{\"type\": \"Microsoft.KeyVault/vaults\", \"name\": \"kv\", \"location\": \"x\"}", ""));
        assertThat(findings).extracting(Finding::referenceId).containsExactly("WithEffect", "DefaultEffect");
        assertThat(findings).extracting(Finding::effect).containsExactly(Effect.DENY, Effect.AUDIT);
        assertThatThrownBy(() -> PolicySet.parse("set.json", set, Map.of()))
                .hasMessageContaining("/properties/policyDefinitions/0/policyDefinitionId").hasMessageContaining("not among the loaded");
    }

    @Test
    void explanations_show_each_node_and_its_values() throws Exception {
        Finding f = Rules.evaluate("{\"allOf\": [{\"field\": \"kind\", \"equals\": \"special\"}, {\"count\": {\"field\": "
                + "\"Microsoft.Test/resourceType/stringArray[*]\"}, \"greater\": 2}]}", Rules.RESOURCE, Map.of(), "{}");
        assertThat(f.explanation()).contains("[true] if", "[true] field 'kind' = \"Special\" equals \"special\"",
                "[true] count = 3 greater 2");
    }
}
