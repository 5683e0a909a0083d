package dev.trustplane.governance.input;

import dev.trustplane.governance.GovernanceException;
import dev.trustplane.governance.Resource;
import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resources of a Terraform plan ({@code terraform show -json}): every resource under
 * {@code planned_values} (root and child modules) that will exist after apply. {@code azapi_resource}
 * bodies are ARM already; {@code azurerm_*} resources of the baseline go through {@link AzurermMapping}.
 * Any other resource type is outside Azure Resource Manager's view and is skipped (data sources, random,
 * providers' helper resources); an {@code azurerm_*} type without a mapping is an error, so a gate never
 * passes a resource it did not read.
 */
final class TerraformPlan {
    private TerraformPlan() {}

    static List<Resource> resources(String file, JsonNode plan) throws GovernanceException {
        JsonNode root = plan.path("planned_values").path("root_module");
        if (root.isMissingNode()) {
            throw new GovernanceException(file, "/planned_values", "the plan has no planned_values.root_module");
        }
        List<Resource> out = new ArrayList<>();
        module(file, root, "/planned_values/root_module", out);
        return out;
    }

    private static void module(String file, JsonNode module, String ptr, List<Resource> out) throws GovernanceException {
        int i = 0;
        for (JsonNode r : module.path("resources")) {
            String rptr = ptr + "/resources/" + i++;
            if (!"managed".equals(Values.text(r.get("mode")))) {
                continue;
            }
            String type = Values.text(r.get("type"));
            JsonNode values = r.path("values");
            if ("azapi_resource".equals(type)) {
                out.add(azapi(file, values, rptr));
            } else if (type != null && type.startsWith("azurerm_")) {
                Resource mapped = AzurermMapping.map(file, type, Values.text(r.get("address")), values, rptr);
                if (mapped != null) {
                    out.add(mapped);
                }
            }
        }
        int m = 0;
        for (JsonNode child : module.path("child_modules")) {
            module(file, child, ptr + "/child_modules/" + m++, out);
        }
    }

    /** {@code type = "Microsoft.X/y@api"}, name, parent_id, location, tags, identity and the ARM body. */
    private static Resource azapi(String file, JsonNode v, String ptr) throws GovernanceException {
        String typeAt = Values.text(v.get("type"));
        String name = Values.text(v.get("name"));
        if (typeAt == null || !typeAt.contains("@") || name == null) {
            throw new GovernanceException(file, ptr + "/values", "azapi_resource needs 'type' (Type@apiVersion) and 'name'");
        }
        String type = typeAt.substring(0, typeAt.indexOf('@'));
        String apiVersion = typeAt.substring(typeAt.indexOf('@') + 1);
        JsonNode body = v.get("body");
        if (body != null && body.isString()) {
            body = JsonText.parse(file + "#" + ptr + "/values/body", body.stringValue());
        }
        ObjectNode arm = body != null && body.isObject() ? (ObjectNode) body.deepCopy() : Values.object();
        arm.put("type", type);
        arm.put("name", fullName(type, name, Values.text(v.get("parent_id"))));
        copy(v, arm, "location");
        copy(v, arm, "tags");
        JsonNode identity = v.get("identity");
        if (identity != null && identity.isArray() && !identity.isEmpty()) {
            arm.set("identity", identity.get(0));
        }
        return new Resource(arm, apiVersion, file, ptr);
    }

    private static void copy(JsonNode from, ObjectNode to, String key) {
        JsonNode x = from.get(key);
        if (x != null && !x.isNull()) {
            to.set(key, x);
        }
    }

    /** A child type's name is its parent's names and its own: parent_id ends with those segments. */
    static String fullName(String type, String name, String parentId) {
        int depth = type.split("/").length - 2;
        if (depth <= 0 || parentId == null) {
            return name;
        }
        String[] parts = parentId.split("/");
        List<String> names = new ArrayList<>();
        for (int i = parts.length - 1; i > 0 && names.size() < depth; i -= 2) {
            names.addFirst(parts[i]);
        }
        return String.join("/", names) + "/" + name;
    }
}
