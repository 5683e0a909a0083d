package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.governance.input.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input formats at their edges: template features, unsupported features as errors, format detection. */
class InputsTest {
    @TempDir
    Path tmp;

    private List<Resource> load(String text) throws Exception {
        Path f = tmp.resolve("in.json");
        Files.writeString(f, text);
        return Inputs.load(List.of(f), Rules.NOW, "westeurope");
    }

    private static String template(String variables, String resources) {
        return """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0", "variables": %s, "resources": %s}""".formatted(variables, resources);
    }

    @Test
    void variable_copy_loops_child_resources_and_outer_nested_templates() throws Exception {
        List<Resource> rs = load(template("""
                {"regions": ["westeurope", "northeurope"], "copy": [{"name": "names", "count": 2, "input": "[concat('kv', copyIndex('names'))]"}]}""",
                """
                [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[variables('names')[1]]",
                  "location": "[variables('regions')[0]]", "properties": {},
                  "resources": [{"type": "privateEndpointConnections", "apiVersion": "2023-07-01", "name": "pe",
                    "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]},
                 {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "outer",
                  "properties": {"mode": "Incremental", "template": {"contentVersion": "1.0.0.0", "resources": [
                    {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01", "name": "[concat(variables('names')[0], 'st')]",
                     "location": "[resourceGroup().location]"}]}}}]"""));
        assertThat(rs).extracting(Resource::type, Resource::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Microsoft.KeyVault/vaults", "kv1"),
                org.assertj.core.groups.Tuple.tuple("Microsoft.KeyVault/vaults/privateEndpointConnections", "kv1/pe"),
                org.assertj.core.groups.Tuple.tuple("Microsoft.Storage/storageAccounts", "kv0st"));
        assertThat(rs.get(2).body().get("location").asString()).isEqualTo("westeurope");
    }

    @Test
    void secure_string_parameters_keep_presence_but_never_their_text() throws Exception {
        Path params = tmp.resolve("p.json");
        Files.writeString(params, """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                 "contentVersion": "1.0.0.0", "parameters": {"pw": {"value": "hunter2-secret"}}}""");
        Path t = tmp.resolve("t.json");
        Files.writeString(t, """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0", "parameters": {"pw": {"type": "securestring"}}, "resources": [
                  {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "vm", "location": "westeurope",
                   "properties": {"osProfile": {"adminPassword": "[parameters('pw')]"}}}]}""");
        Resource vm = Inputs.load(List.of(t, params), Rules.NOW, null).getFirst();
        assertThat(vm.body().toString()).doesNotContain("hunter2").contains("[secureString parameter 'pw']");
    }

    @Test
    void runtime_values_linked_templates_and_cycles_are_errors_with_paths() {
        assertThatThrownBy(() -> load(template("{}", """
                [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv", "location": "westeurope",
                  "properties": {"tenantId": "[listKeys('x', '2020-01-01').keys[0].value]"}}]""")))
                .hasMessageContaining("in.json: /resources/0/properties/tenantId").hasMessageContaining("listkeys()");
        assertThatThrownBy(() -> load(template("{}", """
                [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
                  "properties": {"templateLink": {"uri": "https://example.com/t.json"}}}]""")))
                .hasMessageContaining("/resources/0/properties/templateLink").hasMessageContaining("linked templates");
        assertThatThrownBy(() -> load(template("{\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"}", """
                [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[variables('a')]", "location": "x"}]""")))
                .hasMessageContaining("refers to itself");
        assertThatThrownBy(() -> load(template("{}", """
                [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[unknownFn()]", "location": "x"}]""")))
                .hasMessageContaining("/resources/0/name").hasMessageContaining("'unknownFn'");
    }

    @Test
    void unknown_formats_and_unmapped_azurerm_types_are_errors() {
        assertThatThrownBy(() -> load("{\"hello\": 1}")).hasMessageContaining("not an ARM template");
        assertThatThrownBy(() -> load("""
                {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
                  {"address": "azurerm_cosmosdb_account.db", "mode": "managed", "type": "azurerm_cosmosdb_account", "name": "db",
                   "values": {"name": "db", "location": "westeurope"}}]}}}"""))
                .hasMessageContaining("/planned_values/root_module/resources/0")
                .hasMessageContaining("no ARM mapping for azurerm_cosmosdb_account");
        assertThatThrownBy(() -> load("""
                {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
                  {"address": "azapi_resource.x", "mode": "managed", "type": "azapi_resource", "name": "x",
                   "values": {"type": "Microsoft.KeyVault/vaults", "name": "x"}}]}}}"""))
                .hasMessageContaining("Type@apiVersion");
    }

    @Test
    void azapi_child_names_come_from_parent_id_and_string_bodies_are_parsed() throws Exception {
        List<Resource> rs = load("""
                {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
                  {"address": "azapi_resource.pool", "mode": "managed", "type": "azapi_resource", "name": "pool",
                   "values": {"type": "Microsoft.ContainerService/managedClusters/agentPools@2025-10-01", "name": "cvm",
                     "parent_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
                     "body": "{\\"properties\\": {\\"vmSize\\": \\"Standard_DC4as_v5\\"}}"}}]}}}""");
        assertThat(rs.getFirst().name()).isEqualTo("aks/cvm");
        assertThat(rs.getFirst().apiVersion()).isEqualTo("2025-10-01");
        assertThat(rs.getFirst().body().at("/properties/vmSize").asString()).isEqualTo("Standard_DC4as_v5");
    }
}
