package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped alias table and user dumps in the shapes the Azure CLI prints. */
class AliasTableTest {
    @TempDir
    Path tmp;

    @Test
    void shipped_table_resolves_per_type_and_ignores_case() {
        AliasTable t = AliasTable.builtIn();
        assertThat(t.size()).isGreaterThan(4000);
        assertThat(t.path("Microsoft.Compute/virtualMachines/sku.name", "Microsoft.Compute/virtualMachines"))
                .isEqualTo("properties.hardwareProfile.vmSize");
        assertThat(t.path("microsoft.keyvault/vaults/SKU.NAME", "Microsoft.KeyVault/vaults")).isEqualTo("properties.sku.name");
        assertThat(t.path("Microsoft.KeyVault/managedHSMs/sku.name", "microsoft.keyvault/managedhsms")).isEqualTo("sku.name");
        // The same alias name resolves differently per resource type; on another type it is absent.
        assertThat(t.path("Microsoft.Compute/imagePublisher", "Microsoft.Compute/virtualMachines"))
                .isEqualTo("properties.storageProfile.imageReference.publisher");
        assertThat(t.path("Microsoft.Compute/virtualMachines/sku.name", "Microsoft.Compute/disks")).isNull();
        assertThat(t.knows("Microsoft.Compute/virtualMachines/noSuchAlias")).isFalse();
    }

    @Test
    void a_provider_show_dump_is_merged_and_a_bad_dump_is_an_error() throws Exception {
        Path dump = tmp.resolve("provider.json");
        Files.writeString(dump, """
                {"id": "/providers/Contoso.Widgets", "namespace": "Contoso.Widgets", "resourceTypes": [
                  {"resourceType": "widgets", "aliases": [{"name": "Contoso.Widgets/widgets/color", "paths": [],
                   "defaultPath": "properties.color", "type": "NotSpecified"}]}]}""");
        AliasTable t = AliasTable.load(dump);
        assertThat(t.path("Contoso.Widgets/widgets/color", "Contoso.Widgets/widgets")).isEqualTo("properties.color");
        assertThat(t.knows("Microsoft.KeyVault/vaults/enablePurgeProtection")).isTrue();

        Files.writeString(dump, "[{\"namespace\": \"X\", \"resourceTypes\": [{\"resourceType\": \"y\", \"aliases\": [{\"name\": \"X/y/z\"}]}]}]");
        assertThatThrownBy(() -> AliasTable.load(dump)).isInstanceOf(GovernanceException.class)
                .hasMessageContaining("/0/resourceTypes/0/aliases/0").hasMessageContaining("'defaultPath'");
        Files.writeString(dump, "{\"value\": []}");
        assertThatThrownBy(() -> AliasTable.load(dump)).hasMessageContaining("not an alias dump");
    }
}
