package dev.trustplane.governance.input;

import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.internal.Values;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ARM body the azurerm provider (5.x) sends for the baseline's resources, rebuilt from a plan's
 * attribute values; docs/governance.md has the table. The provider's own derivations are reproduced:
 * a VM's {@code securityType} is ConfidentialVM when {@code os_disk.security_encryption_type} is set, else
 * TrustedLaunch when Secure Boot or vTPM is on; a key vault always sends {@code enableSoftDelete = true}
 * and sends {@code enablePurgeProtection} only when true; PostgreSQL's {@code sku_name} splits into tier
 * and name. API versions are the provider SDK's (for {@code requestContext().apiVersion}).
 */
final class AzurermMapping {
    /**
     * azurerm types that are not tracked ARM resources of their own (sub-resources, data-plane objects,
     * associations): Indexed-mode policies never see them.
     */
    private static final Set<String> NOT_TRACKED = Set.of("azurerm_role_assignment", "azurerm_key_vault_key",
            "azurerm_key_vault_secret", "azurerm_key_vault_access_policy", "azurerm_subnet",
            "azurerm_subnet_network_security_group_association", "azurerm_private_dns_zone_virtual_network_link");

    /** Supporting types mapped with their ARM type, location and tags only (what location/type rules read). */
    private static final Map<String, String> LOCATION_ONLY = Map.of(
            "azurerm_resource_group", "Microsoft.Resources/resourceGroups",
            "azurerm_virtual_network", "Microsoft.Network/virtualNetworks",
            "azurerm_network_interface", "Microsoft.Network/networkInterfaces",
            "azurerm_network_security_group", "Microsoft.Network/networkSecurityGroups",
            "azurerm_private_dns_zone", "Microsoft.Network/privateDnsZones",
            "azurerm_disk_encryption_set", "Microsoft.Compute/diskEncryptionSets",
            "azurerm_user_assigned_identity", "Microsoft.ManagedIdentity/userAssignedIdentities");

    private AzurermMapping() {}

    static Resource map(String file, String tfType, String address, JsonNode v, String ptr) throws GovernanceException {
        ObjectNode arm = Values.object();
        arm.put("name", Values.text(v.get("name")));
        if (!Values.nullish(v.get("location"))) {
            arm.put("location", Values.text(v.get("location")));
        }
        if (v.get("tags") != null && v.get("tags").isObject()) {
            arm.set("tags", v.get("tags"));
        }
        ObjectNode p = arm.putObject("properties");
        String api;
        switch (tfType) {
            case "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine" -> {
                arm.put("type", "Microsoft.Compute/virtualMachines");
                api = "2024-03-01";
                p.putObject("hardwareProfile").put("vmSize", Values.text(v.get("size")));
                JsonNode osDisk = first(v.get("os_disk"));
                ObjectNode managed = p.putObject("storageProfile").putObject("osDisk").putObject("managedDisk");
                String encType = Values.text(osDisk.get("security_encryption_type"));
                boolean secureBoot = Values.parseBool(v.get("secure_boot_enabled")) == Boolean.TRUE;
                boolean vtpm = Values.parseBool(v.get("vtpm_enabled")) == Boolean.TRUE;
                ObjectNode security = p.putObject("securityProfile");
                if (encType != null || secureBoot || vtpm) {
                    security.put("securityType", encType != null ? "ConfidentialVM" : "TrustedLaunch");
                    security.putObject("uefiSettings").put("secureBootEnabled", secureBoot).put("vTpmEnabled", vtpm);
                }
                if (!Values.nullish(v.get("encryption_at_host_enabled"))) {
                    security.put("encryptionAtHost", Values.parseBool(v.get("encryption_at_host_enabled")));
                }
                if (encType != null) {
                    ObjectNode ms = managed.putObject("securityProfile").put("securityEncryptionType", encType);
                    String des = Values.text(osDisk.get("secure_vm_disk_encryption_set_id"));
                    if (des != null) {
                        ms.putObject("diskEncryptionSet").put("id", des);
                    }
                }
                String des = Values.text(osDisk.get("disk_encryption_set_id"));
                if (des != null) {
                    managed.putObject("diskEncryptionSet").put("id", des);
                }
                if (osDisk.get("storage_account_type") != null) {
                    managed.put("storageAccountType", Values.text(osDisk.get("storage_account_type")));
                }
            }
            case "azurerm_managed_disk" -> {
                arm.put("type", "Microsoft.Compute/disks");
                api = "2023-04-02";
                arm.putObject("sku").put("name", Values.text(v.get("storage_account_type")));
                if (v.get("disk_encryption_set_id") != null && !v.get("disk_encryption_set_id").isNull()) {
                    p.putObject("encryption").put("diskEncryptionSetId", Values.text(v.get("disk_encryption_set_id")));
                }
                String st = Values.text(v.get("security_type"));
                if (st != null || Values.parseBool(v.get("trusted_launch_enabled")) == Boolean.TRUE) {
                    ObjectNode sp = p.putObject("securityProfile").put("securityType", st != null ? st : "TrustedLaunch");
                    if (v.get("secure_vm_disk_encryption_set_id") != null && !v.get("secure_vm_disk_encryption_set_id").isNull()) {
                        sp.put("secureVMDiskEncryptionSetId", Values.text(v.get("secure_vm_disk_encryption_set_id")));
                    }
                }
                p.put("publicNetworkAccess", enabled(v.get("public_network_access_enabled"), true));
            }
            case "azurerm_key_vault" -> {
                arm.put("type", "Microsoft.KeyVault/vaults");
                api = "2026-02-01";
                p.putObject("sku").put("family", "A").put("name", Values.text(v.get("sku_name")));
                p.put("enableSoftDelete", true);
                if (Values.parseBool(v.get("purge_protection_enabled")) == Boolean.TRUE) {
                    p.put("enablePurgeProtection", true);
                }
                p.put("publicNetworkAccess", enabled(v.get("public_network_access_enabled"), true));
                if (!Values.nullish(v.get("rbac_authorization_enabled"))) {
                    p.put("enableRbacAuthorization", Values.parseBool(v.get("rbac_authorization_enabled")));
                }
            }
            case "azurerm_key_vault_managed_hardware_security_module" -> {
                arm.put("type", "Microsoft.KeyVault/managedHSMs");
                api = "2026-02-01";
                arm.putObject("sku").put("family", "B").put("name", Values.text(v.get("sku_name")));
                p.put("enableSoftDelete", true);
                p.put("enablePurgeProtection", Values.parseBool(v.get("purge_protection_enabled")) == Boolean.TRUE);
                p.put("publicNetworkAccess", enabled(v.get("public_network_access_enabled"), true));
            }
            case "azurerm_postgresql_flexible_server" -> {
                arm.put("type", "Microsoft.DBforPostgreSQL/flexibleServers");
                api = "2025-08-01";
                String sku = Values.text(v.get("sku_name"));
                if (sku != null && sku.contains("_")) {
                    String tier = switch (sku.substring(0, sku.indexOf('_'))) {
                        case "B" -> "Burstable";
                        case "GP" -> "GeneralPurpose";
                        case "MO" -> "MemoryOptimized";
                        default -> sku.substring(0, sku.indexOf('_'));
                    };
                    arm.putObject("sku").put("tier", tier).put("name", sku.substring(sku.indexOf('_') + 1));
                }
                ObjectNode network = p.putObject("network");
                network.put("publicNetworkAccess", enabled(v.get("public_network_access_enabled"), true));
                putIf(network, "delegatedSubnetResourceId", v.get("delegated_subnet_id"));
                putIf(network, "privateDnsZoneArmResourceId", v.get("private_dns_zone_id"));
                JsonNode cmk = first(v.get("customer_managed_key"));
                if (!cmk.isEmpty()) {
                    ObjectNode de = p.putObject("dataEncryption").put("type", "AzureKeyVault");
                    putIf(de, "primaryKeyURI", cmk.get("key_vault_key_id"));
                    putIf(de, "primaryUserAssignedIdentityId", cmk.get("primary_user_assigned_identity_id"));
                }
            }
            case "azurerm_private_endpoint" -> {
                arm.put("type", "Microsoft.Network/privateEndpoints");
                api = "2025-01-01";
                JsonNode subnet = v.get("subnet_id");
                if (!Values.nullish(subnet)) {
                    p.putObject("subnet").put("id", Values.text(subnet));
                }
                ArrayNode auto = p.putArray("privateLinkServiceConnections");
                ArrayNode manual = p.putArray("manualPrivateLinkServiceConnections");
                for (JsonNode c : v.path("private_service_connection")) {
                    ObjectNode conn = Values.object().put("name", Values.text(c.get("name")));
                    ObjectNode cp = conn.putObject("properties");
                    putIf(cp, "privateLinkServiceId", c.get("private_connection_resource_id"));
                    if (c.get("subresource_names") != null && c.get("subresource_names").isArray()) {
                        cp.set("groupIds", c.get("subresource_names"));
                    }
                    (Values.parseBool(c.get("is_manual_connection")) == Boolean.TRUE ? manual : auto).add(conn);
                }
            }
            case "azurerm_kubernetes_cluster" -> {
                arm.put("type", "Microsoft.ContainerService/managedClusters");
                api = "2025-10-01";
                putIf(p, "diskEncryptionSetID", v.get("disk_encryption_set_id"));
                if (!Values.nullish(v.get("private_cluster_enabled"))) {
                    p.putObject("apiServerAccessProfile").put("enablePrivateCluster",
                            Values.parseBool(v.get("private_cluster_enabled")));
                }
                ArrayNode pools = p.putArray("agentPoolProfiles");
                for (JsonNode np : v.path("default_node_pool")) {
                    ObjectNode pool = pools.addObject().put("name", Values.text(np.get("name")))
                            .put("vmSize", Values.text(np.get("vm_size")));
                    putIf(pool, "enableEncryptionAtHost", np.get("host_encryption_enabled"));
                    putIf(pool, "osSKU", np.get("os_sku"));
                }
            }
            case "azurerm_kubernetes_cluster_node_pool" -> {
                arm.put("type", "Microsoft.ContainerService/managedClusters/agentPools");
                api = "2025-10-01";
                arm.put("name", TerraformPlan.fullName("Microsoft.ContainerService/managedClusters/agentPools",
                        Values.text(v.get("name")), Values.text(v.get("kubernetes_cluster_id"))));
                p.put("vmSize", Values.text(v.get("vm_size")));
                putIf(p, "enableEncryptionAtHost", v.get("host_encryption_enabled"));
                putIf(p, "osSKU", v.get("os_sku"));
            }
            case "azurerm_storage_account" -> {
                arm.put("type", "Microsoft.Storage/storageAccounts");
                api = "2023-05-01";
                arm.put("kind", Values.text(v.get("account_kind")) == null ? "StorageV2" : Values.text(v.get("account_kind")));
                p.put("publicNetworkAccess", enabled(v.get("public_network_access_enabled"), true));
                boolean cmk = !first(v.get("customer_managed_key")).isEmpty();
                p.putObject("encryption").put("keySource", cmk ? "Microsoft.Keyvault" : "Microsoft.Storage");
            }
            default -> {
                if (NOT_TRACKED.contains(tfType)) {
                    return null;
                }
                String armType = LOCATION_ONLY.get(tfType);
                if (armType != null) {
                    arm.put("type", armType);
                    if (tfType.equals("azurerm_private_dns_zone")) {
                        arm.put("location", "global");
                    }
                    return new Resource(arm, null, file, ptr);
                }
                throw new GovernanceException(file, ptr, "no ARM mapping for " + tfType + " (" + address
                        + "); use azapi_resource, or evaluate the deployed resource with az resource show");
            }
        }
        return new Resource(arm, api, file, ptr);
    }

    private static JsonNode first(JsonNode block) {
        return block != null && block.isArray() && !block.isEmpty() ? block.get(0) : Values.object();
    }

    private static String enabled(JsonNode flag, boolean dflt) {
        Boolean b = Values.parseBool(flag);
        return (b == null ? dflt : b) ? "Enabled" : "Disabled";
    }

    private static void putIf(ObjectNode to, String key, JsonNode v) {
        if (!Values.nullish(v)) {
            to.set(key, v);
        }
    }
}
