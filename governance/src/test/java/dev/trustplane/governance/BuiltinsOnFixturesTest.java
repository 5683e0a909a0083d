package dev.trustplane.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.governance.input.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real built-in "Sovereignty Baseline - Confidential Policies" initiative (03de05a4) and its definitions,
 * byte-for-byte from ../shared/governance/builtins, evaluated on the fixtures. The expected outcomes are
 * reasoned from each definition's text, including the traps the shipped baseline avoids: 702dd420 rejects a
 * confidential VM whose CMK sits at managedDisk.securityProfile.diskEncryptionSet, and a08ec900's default
 * type list has no PostgreSQL.
 */
class BuiltinsOnFixturesTest {
    private static Path builtins;

    @BeforeAll
    static void shared() {
        String shared = System.getProperty("trustplane.shared");
        builtins = shared == null ? null : Path.of(shared, "governance", "builtins");
        assumeTrue(builtins != null && Files.isDirectory(builtins),
                "../shared/governance/builtins is absent (set -Dtrustplane.shared): built-in definitions not evaluated");
    }

    private static TreeSet<String> violations(String initiative, List<Path> files) throws GovernanceException {
        PolicySet set = PolicyCatalog.load(builtins.resolve("initiatives").resolve(initiative + ".json").toString()).getFirst();
        List<Resource> resources = Inputs.load(files, Rules.NOW, "westeurope");
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : new Evaluator(AliasTable.builtIn(), Rules.NOW, false)
                .evaluate(set, Map.of("listOfAllowedLocations", Rules.json("[\"westeurope\"]")), resources)) {
            if (f.outcome() == Finding.Outcome.NON_COMPLIANT) {
                out.add(f.referenceId() + " | " + f.effect().display() + " | " + f.resource().name());
            }
        }
        return out;
    }

    private static final String CONFIDENTIAL = "03de05a4-c324-4ccd-882f-a814ea8ab9ea";
    private static final String OS_DATA_CMK = "OS and data disks should be encrypted with a customer-managed key | Audit | ";

    private static Path f(String name) {
        return BaselineFixturesTest.fixture(name);
    }

    @Test
    void confidential_vms_fail_702dd420_and_postgresql_fails_the_default_type_list() throws Exception {
        // 702dd420's VM branch requires managedDisk.diskEncryptionSet.id; a CVM's CMK sits in managedDisk.securityProfile.
        // a08ec900's default listOfResourceTypesAllowed (from the initiative) has no Microsoft.DBforPostgreSQL.
        assertThat(violations(CONFIDENTIAL, List.of(f("arm/confidential-compliant.json")))).containsExactly(
                "AllowedResourceTypes | Deny | tpwesteurope-pg",
                OS_DATA_CMK + "tpwesteurope-cvm-1",
                OS_DATA_CMK + "tpwesteurope-cvm-2");
    }

    @Test
    void bicep_fixture_under_the_built_ins() throws Exception {
        // Storage is outside the default type list; 6fac406b audits keySource != Microsoft.Keyvault; the queue/table
        // CMK rules apply only when keySource is Microsoft.Keyvault. The module's CVM has no disk encryption set at all.
        TreeSet<String> v = violations(CONFIDENTIAL, List.of(f("bicep/main.json")));
        String storage = v.first().substring(v.first().lastIndexOf(' ') + 1);
        assertThat(storage).startsWith("st");
        assertThat(v).containsExactly(
                "AllowedResourceTypes | Deny | " + storage,
                "CustomerManagedKeysOnStorageAccountsForDataAtRest | Audit | " + storage,
                OS_DATA_CMK + "bicep-cvm");
    }

    @Test
    void terraform_fixture_under_the_built_ins() throws Exception {
        // 7d7be79c is referenced twice: with the initiative's effect (Deny) and with its own default (Audit).
        // cccc23c7 covers virtualMachines only, so the D8s_v5 AKS node pool passes the built-in SKU rule.
        // azurerm forbids disk_encryption_set_id beside secure_vm_disk_encryption_set_id, so tf-cvm fails 702dd420.
        assertThat(violations(CONFIDENTIAL, List.of(f("terraform/plan.json")))).containsExactly(
                "AllowedLocations | Deny | tf-hsm",
                "AllowedResourceTypes | Deny | tf-pg",
                "AllowedVirtualMachineSizeSKUs | Deny | tf-tlvm",
                "Both operating systems and data disks in Azure Kubernetes Service clusters should be encrypted by "
                        + "customer-managed keys | Audit | tf-aks",
                "CustomerManagedKeysOnAzureKubernetesServiceClusterOperatingAndDataDisksForData | Deny | tf-aks",
                OS_DATA_CMK + "tf-cvm",
                OS_DATA_CMK + "tf-tlvm");
    }

    @Test
    void exported_resources_and_the_noncompliant_template_under_the_built_ins() throws Exception {
        assertThat(violations(CONFIDENTIAL, List.of(f("exported/resources.json")))).containsExactly(OS_DATA_CMK + "live-vm");
        // tl-vm puts its set at managedDisk.diskEncryptionSet, which is what 702dd420 reads: it passes that rule.
        assertThat(violations(CONFIDENTIAL, List.of(f("arm/confidential-noncompliant.json"), f("arm/noncompliant.parameters.json"))))
                .containsExactly(
                        "AllowedLocations | Deny | open-kv",
                        "AllowedLocations | Deny | plain-pg",
                        "AllowedLocations | Deny | tl-vm",
                        "AllowedResourceTypes | Deny | plain-pg",
                        "AllowedVirtualMachineSizeSKUs | Deny | tl-vm");
    }

    @Test
    void the_global_baseline_trusted_launch_rule_rejects_confidential_vms() throws Exception {
        // c95b54ad requires securityType TrustedLaunch; a ConfidentialVM is non-compliant.
        assertThat(violations("c1cbff38-87c0-4b9f-9f70-035c7a3b5523", List.of(f("arm/confidential-compliant.json"))))
                .containsExactly("EnableTrustedLaunchVmImages | Audit | tpwesteurope-cvm-1",
                        "EnableTrustedLaunchVmImages | Audit | tpwesteurope-cvm-2");
    }

    @Test
    void every_built_in_definition_parses_and_every_initiative_binds() throws Exception {
        for (Path initiative : Files.list(builtins.resolve("initiatives")).sorted().toList()) {
            PolicySet set = PolicyCatalog.load(initiative.toString()).getFirst();
            assertThat(set.references()).isNotEmpty();
            boolean needsLocations = set.parameters().stream().anyMatch(p -> p.name().equals("listOfAllowedLocations"));
            Map<String, tools.jackson.databind.JsonNode> params = needsLocations
                    ? Map.of("listOfAllowedLocations", Rules.json("[\"westeurope\"]")) : Map.of();
            assertThat(set.bind(params)).hasSize(set.references().size());
        }
        assertThat(PolicyCatalog.load(builtins.resolve("definitions").toString())).hasSize(71);
    }
}
