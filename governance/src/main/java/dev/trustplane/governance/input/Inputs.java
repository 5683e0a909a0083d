package dev.trustplane.governance.input;

import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the inputs of one check into the resources of one deployment. Formats are recognised by content:
 * ARM templates (and Bicep's compiled JSON) by {@code $schema}/{@code resources}, ARM parameter files by
 * their schema (they apply to the templates of the same run), Terraform plans ({@code terraform show -json})
 * by {@code format_version} and {@code planned_values}, and exported resources ({@code az resource show}
 * / {@code az resource list}) by {@code id} and {@code type}.
 */
public final class Inputs {
    public enum Format { ARM_TEMPLATE, ARM_PARAMETERS, TERRAFORM_PLAN, AZURE_RESOURCES }

    private Inputs() {}

    public static Format detect(String file, JsonNode root) throws GovernanceException {
        if (root.isObject()) {
            String schema = Values.text(root.get("$schema"));
            if (schema != null && schema.toLowerCase().contains("deploymentparameters")) {
                return Format.ARM_PARAMETERS;
            }
            if ((schema != null && schema.toLowerCase().contains("deploymenttemplate")) || root.has("resources")
                    && root.has("contentVersion")) {
                return Format.ARM_TEMPLATE;
            }
            if (root.has("format_version") && (root.has("planned_values") || root.has("resource_changes"))) {
                return Format.TERRAFORM_PLAN;
            }
            if (root.has("type") && (root.has("id") || root.has("name"))) {
                return Format.AZURE_RESOURCES;
            }
        }
        if (root.isArray() && (root.isEmpty() || root.get(0).has("type") && root.get(0).has("id"))) {
            return Format.AZURE_RESOURCES;
        }
        throw new GovernanceException(file, "", "not an ARM template, ARM parameters file, Terraform plan "
                + "(terraform show -json) or exported Azure resource JSON (az resource show/list)");
    }

    /**
     * All resources of the files, as one deployment, with private-endpoint connections derived.
     *
     * @param resourceGroupLocation the target resource group's location for templates that read
     *                              {@code resourceGroup().location}; null when unknown (such templates then fail)
     */
    public static List<Resource> load(List<Path> files, Instant now, String resourceGroupLocation)
            throws GovernanceException {
        Map<Path, JsonNode> roots = new LinkedHashMap<>();
        Map<String, JsonNode> parameterValues = new LinkedHashMap<>();
        for (Path f : files) {
            JsonNode root = JsonText.read(f);
            if (detect(f.toString(), root) == Format.ARM_PARAMETERS) {
                root.path("parameters").properties().forEach(e -> {
                    JsonNode v = e.getValue().get("value");
                    if (v != null) {
                        parameterValues.put(e.getKey(), v);
                    }
                });
            } else {
                roots.put(f, root);
            }
        }
        List<Resource> out = new ArrayList<>();
        for (Map.Entry<Path, JsonNode> e : roots.entrySet()) {
            String file = e.getKey().toString();
            JsonNode root = e.getValue();
            switch (detect(file, root)) {
                case ARM_TEMPLATE -> out.addAll(new ArmTemplate(file, root, parameterValues, now, resourceGroupLocation).resources());
                case TERRAFORM_PLAN -> out.addAll(TerraformPlan.resources(file, root));
                case AZURE_RESOURCES -> out.addAll(azureResources(file, root));
                case ARM_PARAMETERS -> { }
            }
        }
        return PrivateLinks.link(out);
    }

    /** {@code az resource show} (one object) or {@code az resource list} (an array); apiVersion unknown. */
    static List<Resource> azureResources(String file, JsonNode root) throws GovernanceException {
        List<Resource> out = new ArrayList<>();
        if (root.isObject()) {
            out.add(azureResource(file, root, ""));
        } else {
            int i = 0;
            for (JsonNode r : root) {
                out.add(azureResource(file, r, "/" + i++));
            }
        }
        return out;
    }

    private static Resource azureResource(String file, JsonNode r, String ptr) throws GovernanceException {
        if (!r.isObject() || Values.text(r.get("type")) == null || Values.text(r.get("name")) == null) {
            throw new GovernanceException(file, ptr, "an exported resource needs 'type' and 'name'");
        }
        String id = Values.text(r.get("id"));
        JsonNode body = r;
        String type = Values.text(r.get("type"));
        if (id != null && type.chars().filter(c -> c == '/').count() > 1) {
            // Child resources export their own name only; policy sees the full name (parent/child).
            String providers = id.substring(id.toLowerCase().lastIndexOf("/providers/") + "/providers/".length());
            String[] parts = providers.split("/");
            StringBuilder full = new StringBuilder();
            for (int i = 2; i < parts.length; i += 2) {
                full.append(full.isEmpty() ? "" : "/").append(parts[i]);
            }
            body = r.deepCopy();
            ((tools.jackson.databind.node.ObjectNode) body).put("name", full.toString());
        }
        String apiVersion = Values.text(r.get("apiVersion"));
        return new Resource(body, apiVersion, file, ptr);
    }
}
