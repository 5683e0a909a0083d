package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.governance.input.Inputs;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped confidential-baseline over ARM, Bicep-compiled, Terraform-plan and exported-resource fixtures:
 * the exact set of (reference id, resource name) violations each produces, reasoned from the rules' text.
 */
class BaselineFixturesTest {
    private static final Map<String, tools.jackson.databind.JsonNode> WESTEUROPE =
            Map.of("listOfAllowedLocations", Rules.json("[\"westeurope\"]"));

    static Path fixture(String name) {
        try {
            return Path.of(BaselineFixturesTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TreeSet<String> violations(List<Path> files) throws GovernanceException {
        List<Resource> resources = Inputs.load(files, Rules.NOW, "westeurope");
        List<Finding> findings = new Evaluator(AliasTable.builtIn(), Rules.NOW, false)
                .evaluate(PolicyCatalog.confidentialBaseline(), WESTEUROPE, resources);
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : findings) {
            if (f.outcome() == Finding.Outcome.NON_COMPLIANT) {
                assertThat(f.effect()).isEqualTo(Effect.DENY);
                out.add(f.referenceId() + " " + f.resource().name());
            }
        }
        return out;
    }

    @Test
    void compliant_arm_template_with_copy_loops_conditions_and_private_endpoints_passes() throws Exception {
        List<Resource> resources = Inputs.load(List.of(fixture("arm/confidential-compliant.json")), Rules.NOW, null);
        assertThat(resources).extracting(Resource::name).contains("tpwesteurope-cvm-1", "tpwesteurope-cvm-2",
                "tpwesteurope-kv/tpwesteurope-kv-pe").doesNotContain("legacy-vm");
        assertThat(resources.getFirst().body().at("/properties/storageProfile/dataDisks/1/lun").asInt()).isEqualTo(1);
        assertThat(violations(List.of(fixture("arm/confidential-compliant.json")))).isEmpty();
    }

    @Test
    void noncompliant_arm_template_with_a_parameters_file() throws Exception {
        assertThat(violations(List.of(fixture("arm/confidential-noncompliant.json"), fixture("arm/noncompliant.parameters.json"))))
                .containsExactly(
                        "AllowedLocations open-kv", "AllowedLocations plain-pg", "AllowedLocations tl-vm",
                        "AllowedVirtualMachineSizeSKUs tl-vm",
                        "ConfidentialOsDiskCmk tl-vm",
                        "ConfidentialVmSecurityType tl-vm",
                        "KeyVaultProtection open-kv",
                        "PaasPrivateEndpoint open-kv", "PaasPrivateEndpoint plain-pg",
                        "PostgreSqlConfidential plain-pg");
    }

    @Test
    void a_template_parameter_without_value_or_default_is_an_input_error() {
        assertThatThrownBy(() -> Inputs.load(List.of(fixture("arm/confidential-noncompliant.json")), Rules.NOW, null))
                .isInstanceOf(GovernanceException.class)
                .hasMessageContaining("confidential-noncompliant.json: /resources/0/location")
                .hasMessageContaining("'location' has no value");
    }

    @Test
    void bicep_compiled_template_with_symbolic_resources_and_a_module() throws Exception {
        assertThat(violations(List.of(fixture("bicep/main.json")))).containsExactly(
                "ConfidentialOsDiskCmk bicep-cvm",
                // The managed HSM is protected but has no private endpoint in this deployment.
                "PaasPrivateEndpoint hsm-" + storageSuffix(),
                "PaasPrivateEndpoint st" + storageSuffix(),
                "PaasPublicNetworkDisabled st" + storageSuffix(),
                "StorageCmk st" + storageSuffix());
        assertThatThrownBy(() -> Inputs.load(List.of(fixture("bicep/main.json")), Rules.NOW, null))
                .hasMessageContaining("property 'location' does not exist");
    }

    private static String storageSuffix() throws GovernanceException {
        return Inputs.load(List.of(fixture("bicep/main.json")), Rules.NOW, "westeurope").stream()
                .filter(r -> r.type().equals("Microsoft.Storage/storageAccounts")).findFirst().orElseThrow()
                .name().substring(2);
    }

    @Test
    void terraform_plan_with_azurerm_mapping_azapi_and_modules() throws Exception {
        assertThat(violations(List.of(fixture("terraform/plan.json")))).containsExactly(
                "AllowedLocations tf-hsm",
                "AllowedVirtualMachineSizeSKUs tf-aks/general",
                "AllowedVirtualMachineSizeSKUs tf-tlvm",
                "ConfidentialOsDiskCmk tf-tlvm",
                "ConfidentialVmSecurityType tf-tlvm",
                "ManagedHsmProtection tf-hsm",
                "PaasPrivateEndpoint tf-hsm",
                "PaasPrivateEndpoint tf-pg",
                "PaasPublicNetworkDisabled tfattest");
    }

    @Test
    void exported_live_resources() throws Exception {
        assertThat(violations(List.of(fixture("exported/resources.json"))))
                .containsExactly("ConfidentialVmSecurityType live-vm");
    }

    @Test
    void the_initiative_uses_the_azure_built_in_parameter_names() {
        PolicySet baseline = PolicyCatalog.confidentialBaseline();
        assertThat(baseline.parameters()).extracting(PolicyDefinition.Parameter::name)
                .containsExactlyInAnyOrder("effect", "listOfAllowedLocations", "allowedResourceTypes", "allowedVirtualMachineSKUs");
        assertThatThrownBy(() -> new Evaluator(AliasTable.builtIn(), Rules.NOW, false).evaluate(baseline, Map.of(), List.of()))
                .hasMessageContaining("'listOfAllowedLocations' has no value and no default");
    }
}
