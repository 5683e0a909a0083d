package dev.trustplane.bench;

import dev.trustplane.governance.AliasTable;
import dev.trustplane.governance.Evaluator;
import dev.trustplane.governance.Finding;
import dev.trustplane.governance.PolicyCatalog;
import dev.trustplane.governance.PolicySet;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.input.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The confidential baseline over a generated ARM deployment of {@code size} resources (a repeating mix of
 * confidential VMs, key vaults, PostgreSQL flexible servers, storage accounts and the private endpoints to
 * them; a third of the VMs and vaults non-compliant), to show resources/s and that time grows linearly.
 *
 * <p>{@code check} is what {@code trustplane policy check} does (read and expand the template, derive the
 * private-endpoint connections, evaluate); {@code evaluate} is the evaluation alone over loaded resources;
 * {@code parseOnly}, the baseline measured in the same run, is Jackson reading the same file into a tree.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * GovernanceBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GovernanceBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Param({"100", "1000", "10000"})
    public int size;

    private Path dir;
    private Path template;
    private List<Resource> resources;
    private final AliasTable aliases = AliasTable.builtIn();
    private final PolicySet baseline = PolicyCatalog.confidentialBaseline();
    private final Map<String, JsonNode> params = Map.of("listOfAllowedLocations",
            MAPPER.readTree("[\"westeurope\", \"northeurope\"]"));

    @Setup(Level.Trial)
    public void generate() throws Exception {
        dir = Files.createTempDirectory("governance-bench");
        template = dir.resolve("deployment.json");
        Files.writeString(template, deployment(size));
        resources = Inputs.load(List.of(template), NOW, null);
    }

    @TearDown(Level.Trial)
    public void clean() throws Exception {
        Files.deleteIfExists(template);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long check() throws Exception {
        List<Resource> loaded = Inputs.load(List.of(template), NOW, null);
        return count(new Evaluator(aliases, NOW, false).evaluate(baseline, params, loaded));
    }

    @Benchmark
    public long evaluate() throws Exception {
        return count(new Evaluator(aliases, NOW, false).evaluate(baseline, params, resources));
    }

    @Benchmark
    public JsonNode parseOnly() throws Exception {
        return MAPPER.readTree(template.toFile());
    }

    private static long count(List<Finding> findings) {
        return findings.stream().filter(f -> f.outcome() == Finding.Outcome.NON_COMPLIANT).count();
    }

    /** {@code size} resources in groups of six: VM, vault, PostgreSQL, storage, and endpoints to the vault and server. */
    static String deployment(int size) {
        StringBuilder sb = new StringBuilder("""
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0", "resources": [
                """);
        for (int i = 0; i < size; i++) {
            int g = i / 6;
            boolean bad = g % 3 == 0;
            if (i > 0) {
                sb.append(",\n");
            }
            sb.append(switch (i % 6) {
                case 0 -> """
                        {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "vm%d", "location": "westeurope",
                         "properties": {"hardwareProfile": {"vmSize": "%s"}, "securityProfile": {"securityType": "ConfidentialVM",
                          "uefiSettings": {"secureBootEnabled": true, "vTpmEnabled": %s}},
                          "storageProfile": {"osDisk": {"createOption": "FromImage", "managedDisk": {"securityProfile": {
                           "securityEncryptionType": "DiskWithVMGuestState", "diskEncryptionSet": {"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/diskEncryptionSets/des"}}}}}}}"""
                        .formatted(g, bad ? "Standard_D4s_v5" : "Standard_DC4as_v5", !bad);
                case 1 -> """
                        {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv%d", "location": "westeurope",
                         "properties": {"tenantId": "t", "sku": {"family": "A", "name": "premium"}, "enableSoftDelete": true,
                          "enablePurgeProtection": %s, "publicNetworkAccess": "Disabled"}}""".formatted(g, !bad);
                case 2 -> """
                        {"type": "Microsoft.DBforPostgreSQL/flexibleServers", "apiVersion": "2024-08-01", "name": "pg%d", "location": "northeurope",
                         "sku": {"name": "Standard_DC2ads_v5", "tier": "GeneralPurpose"}, "properties": {"network": {"publicNetworkAccess": "Disabled"},
                          "dataEncryption": {"type": "AzureKeyVault", "primaryKeyURI": "https://kv.vault.azure.net/keys/k/1"}}}""".formatted(g);
                case 3 -> """
                        {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01", "name": "st%d", "location": "westeurope",
                         "kind": "StorageV2", "sku": {"name": "Standard_ZRS"}, "properties": {"publicNetworkAccess": "Disabled",
                          "encryption": {"keySource": "Microsoft.Keyvault"}}}""".formatted(g);
                case 4 -> endpoint("kvpe" + g, "Microsoft.KeyVault/vaults", "kv" + g);
                default -> endpoint("pgpe" + g, "Microsoft.DBforPostgreSQL/flexibleServers", "pg" + g);
            });
        }
        return sb.append("]}\n").toString();
    }

    private static String endpoint(String name, String type, String target) {
        return """
                {"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2024-05-01", "name": "%s", "location": "westeurope",
                 "properties": {"privateLinkServiceConnections": [{"name": "c", "properties": {
                  "privateLinkServiceId": "[resourceId('%s', '%s')]"}}]}}""".formatted(name, type, target);
    }
}
