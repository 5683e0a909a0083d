package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code trustplane policy check} (the governance gate) and {@code policy test} on an Azure Policy definition. */
class PolicyCheckCommandTest {
    private static final String TEMPLATE = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": {"purge": {"type": "bool", "defaultValue": %s}},
              "resources": [
                {
                  "type": "Microsoft.KeyVault/vaults",
                  "apiVersion": "2023-07-01",
                  "name": "kv1",
                  "location": "westeurope",
                  "properties": {"enableSoftDelete": true, "enablePurgeProtection": "[parameters('purge')]",
                    "publicNetworkAccess": "Disabled"}
                },
                {
                  "type": "Microsoft.Network/privateEndpoints",
                  "apiVersion": "2024-05-01",
                  "name": "kv1-pe",
                  "location": "westeurope",
                  "properties": {"privateLinkServiceConnections": [{"name": "kv",
                    "properties": {"privateLinkServiceId": "[resourceId('Microsoft.KeyVault/vaults', 'kv1')]"}}]}
                }
              ]
            }
            """;

    private static final String AUDIT_DEFINITION = """
            {"name": "tags-required", "properties": {"displayName": "An owner tag is required", "mode": "Indexed",
              "policyRule": {"if": {"field": "tags['owner']", "exists": false}, "then": {"effect": "Audit"}}}}
            """;

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String WESTEUROPE = "listOfAllowedLocations=[\"westeurope\"]";

    @Test
    void a_compliant_template_exits_0_and_a_violating_one_exits_1() throws Exception {
        Path good = write("good.json", TEMPLATE.formatted("true"));
        CliRun ok = CliRun.of("policy", "check", good.toString(), "--param", WESTEUROPE);
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("COMPLIANT: 0 blocking");

        Path bad = write("bad.json", TEMPLATE.formatted("false"));
        CliRun no = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE);
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).contains("FAIL [Deny] KeyVaultProtection — Microsoft.KeyVault/vaults 'kv1'", "NON-COMPLIANT: 1 blocking");

        CliRun audit = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE, "--param", "effect=Audit");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.out()).contains("WARN [Audit] KeyVaultProtection");
    }

    @Test
    void explain_shows_the_condition_tree() throws Exception {
        Path bad = write("bad.json", TEMPLATE.formatted("false"));
        CliRun run = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE, "--explain");
        assertThat(run.out()).contains("[true] field 'Microsoft.KeyVault/vaults/enablePurgeProtection' = false notEquals true");
    }

    @Test
    void sarif_locates_each_finding_at_the_resource_line() throws Exception {
        Path bad = write("bad.json", TEMPLATE.formatted("false"));
        CliRun run = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE, "--format", "sarif");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode sarif = Json.MAPPER.readTree(run.out());
        assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.path("ruleId").asString()).isEqualTo("KeyVaultProtection");
        assertThat(result.path("level").asString()).isEqualTo("error");
        assertThat(sarif.at("/runs/0/tool/driver/rules/0/id").asString()).isEqualTo("KeyVaultProtection");
        JsonNode location = result.at("/locations/0/physicalLocation");
        assertThat(location.at("/artifactLocation/uri").asString()).endsWith("bad.json");
        int line = location.at("/region/startLine").asInt();
        assertThat(Files.readAllLines(bad).get(line - 1).strip()).isEqualTo("{");
        assertThat(Files.readAllLines(bad).get(line)).contains("Microsoft.KeyVault/vaults");
    }

    @Test
    void junit_and_json_formats() throws Exception {
        Path bad = write("bad.json", TEMPLATE.formatted("false"));
        CliRun junit = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE, "--format", "junit");
        assertThat(junit.out()).startsWith("<?xml").contains("failures=\"1\"", "<failure type=\"Deny\"");
        CliRun json = CliRun.of("policy", "check", bad.toString(), "--param", WESTEUROPE, "--format", "json");
        JsonNode root = Json.MAPPER.readTree(json.out());
        assertThat(root.path("compliant").asBoolean()).isFalse();
        assertThat(root.path("results").size()).isGreaterThan(1);
    }

    @Test
    void fail_on_audit_with_a_user_definition() throws Exception {
        Path good = write("good.json", TEMPLATE.formatted("true"));
        Path def = write("def.json", AUDIT_DEFINITION);
        CliRun warn = CliRun.of("policy", "check", good.toString(), "--initiative", def.toString());
        assertThat(warn.exitCode()).isZero();
        assertThat(warn.out()).contains("WARN [Audit] tags-required");
        assertThat(CliRun.of("policy", "check", good.toString(), "--initiative", def.toString(), "--fail-on", "audit").exitCode())
                .isEqualTo(1);
    }

    @Test
    void input_errors_exit_2_naming_file_and_path() throws Exception {
        Path broken = write("broken.json", "{\"resources\": [");
        CliRun malformed = CliRun.of("policy", "check", broken.toString(), "--param", WESTEUROPE);
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("broken.json", "malformed JSON");

        Path good = write("good.json", TEMPLATE.formatted("true"));
        CliRun missing = CliRun.of("policy", "check", good.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("listOfAllowedLocations");
        CliRun unknown = CliRun.of("policy", "check", good.toString(), "--param", WESTEUROPE, "--param", "nope=1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--param nope");
        Path reference = write("ref.json", TEMPLATE.formatted("true").replace("\"[parameters('purge')]\"",
                "\"[reference('x').enabled]\""));
        CliRun runtime = CliRun.of("policy", "check", reference.toString(), "--param", WESTEUROPE);
        assertThat(runtime.exitCode()).isEqualTo(2);
        assertThat(runtime.err()).contains("ref.json: /resources/0/properties/enablePurgeProtection", "reference()");
    }

    @Test
    void resource_group_location_and_a_user_alias_dump() throws Exception {
        Path t = write("rg.json", TEMPLATE.formatted("true").replace("\"location\": \"westeurope\"",
                "\"location\": \"[resourceGroup().location]\""));
        CliRun unknown = CliRun.of("policy", "check", t.toString(), "--param", WESTEUROPE);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("rg.json: /resources/0/location", "'location'");
        assertThat(CliRun.of("policy", "check", t.toString(), "--param", WESTEUROPE, "--resource-group-location", "westeurope")
                .exitCode()).isZero();
        assertThat(CliRun.of("policy", "check", t.toString(), "--param", WESTEUROPE, "--resource-group-location", "eastus")
                .exitCode()).isEqualTo(1);

        Path dump = write("aliases.json", """
                [{"namespace": "Microsoft.KeyVault", "resourceTypes": [{"resourceType": "vaults", "aliases": [
                  {"name": "Microsoft.KeyVault/vaults/customFlag", "paths": [], "defaultPath": "properties.enableSoftDelete"}]}]}]""");
        Path def = write("custom.json", """
                {"name": "custom", "properties": {"mode": "Indexed", "policyRule": {"if": {"field":
                  "Microsoft.KeyVault/vaults/customFlag", "equals": true}, "then": {"effect": "Deny"}}}}""");
        Path good = write("good.json", TEMPLATE.formatted("true"));
        CliRun without = CliRun.of("policy", "check", good.toString(), "--initiative", def.toString());
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("unknown alias 'Microsoft.KeyVault/vaults/customFlag'");
        CliRun with = CliRun.of("policy", "check", good.toString(), "--initiative", def.toString(), "--aliases", dump.toString());
        assertThat(with.exitCode()).isEqualTo(1);
        assertThat(with.out()).contains("FAIL [Deny] custom");
    }

    @Test
    void policy_test_runs_a_definitions_cases() throws Exception {
        Path def = write("def.json", AUDIT_DEFINITION);
        Path cases = write("cases.json", """
                {"cases": [
                  {"name": "untagged vault", "expect": "NonCompliant",
                   "resources": [{"type": "Microsoft.KeyVault/vaults", "name": "a", "location": "westeurope"}]},
                  {"name": "tagged vault", "expect": "Compliant",
                   "resources": [{"type": "Microsoft.KeyVault/vaults", "name": "b", "location": "westeurope", "tags": {"owner": "x"}}]}
                ]}""");
        CliRun ok = CliRun.of("policy", "test", def.toString(), cases.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("ok   untagged vault", "2 of 2 cases passed");

        Path wrong = write("wrong.json", """
                {"cases": [{"name": "claims tagged", "expect": "Compliant",
                   "resources": [{"type": "Microsoft.KeyVault/vaults", "name": "a", "location": "westeurope"}]}]}""");
        CliRun fail = CliRun.of("policy", "test", def.toString(), wrong.toString());
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.out()).contains("FAIL claims tagged: expected Compliant, got NonCompliant", "[true] if");
    }
}
