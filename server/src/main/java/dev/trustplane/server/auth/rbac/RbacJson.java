package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Managed HSM RBAC wire shapes (7.4+ {@code rbac.json}: RoleDefinition, RoleAssignment, their create
 * parameters and list results) and the JSON kept in the store for permissions. Request parsing is strict:
 * unknown fields and wrong types are 400s naming the field.
 */
public final class RbacJson {
    private static final Set<String> DEFINITION_FIELDS =
            Set.of("roleName", "description", "type", "permissions", "assignableScopes");
    private static final Set<String> PERMISSION_FIELDS = Set.of("actions", "notActions", "dataActions", "notDataActions");
    private static final Set<String> ASSIGNMENT_FIELDS = Set.of("roleDefinitionId", "principalId");

    private RbacJson() {}

    public static Map<String, Object> definition(RoleDefinition d) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("roleName", d.roleName());
        properties.put("description", d.description());
        properties.put("type", d.builtIn() ? "AKVBuiltInRole" : "CustomRole");
        properties.put("permissions", d.permissions().stream().map(RbacJson::permission).toList());
        properties.put("assignableScopes", d.assignableScopes());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("name", d.name());
        out.put("type", "Microsoft.Authorization/roleDefinitions");
        out.put("properties", properties);
        return out;
    }

    public static Map<String, Object> assignment(RoleAssignment a) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("scope", a.scope().path());
        properties.put("roleDefinitionId", a.roleDefinitionId());
        properties.put("principalId", a.principalId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("name", a.name());
        out.put("type", "Microsoft.Authorization/roleAssignments");
        out.put("properties", properties);
        return out;
    }

    private static Map<String, Object> permission(Permission p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("actions", List.of());
        out.put("notActions", List.of());
        out.put("dataActions", p.dataActions());
        out.put("notDataActions", p.notDataActions());
        return out;
    }

    /** Parses {@code {"properties":{roleName, description, type, permissions, assignableScopes}}}. */
    public static RoleDefinitionDraft definitionDraft(JsonNode body) {
        JsonNode props = properties(body);
        only(props, DEFINITION_FIELDS, "properties.");
        Optional<String> type = text(props, "type", "properties.type");
        if (type.isPresent() && !type.get().equals("CustomRole")) {
            throw RbacException.badParameter("properties.type must be 'CustomRole'; built-in roles cannot be created.");
        }
        List<Permission> permissions = new ArrayList<>();
        JsonNode list = props.get("permissions");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw RbacException.badParameter("properties.permissions must be an array.");
            }
            for (int i = 0; i < list.size(); i++) {
                String where = "properties.permissions[" + i + "]";
                JsonNode p = list.get(i);
                if (!p.isObject()) {
                    throw RbacException.badParameter(where + " must be an object.");
                }
                only(p, PERMISSION_FIELDS, where + ".");
                if (!strings(p, "actions", where).isEmpty() || !strings(p, "notActions", where).isEmpty()) {
                    throw RbacException.badParameter(where + ": Managed HSM roles grant data actions only; "
                            + "'actions' and 'notActions' must be empty.");
                }
                permissions.add(new Permission(strings(p, "dataActions", where).stream().distinct().toList(),
                        strings(p, "notDataActions", where).stream().distinct().toList()));
            }
        }
        return new RoleDefinitionDraft(text(props, "roleName", "properties.roleName"),
                text(props, "description", "properties.description"), permissions,
                strings(props, "assignableScopes", "properties"));
    }

    /** Parses {@code {"properties":{roleDefinitionId, principalId}}}; both are required. */
    public record AssignmentRequest(String roleDefinitionId, String principalId) {}

    public static AssignmentRequest assignmentRequest(JsonNode body) {
        JsonNode props = properties(body);
        only(props, ASSIGNMENT_FIELDS, "properties.");
        String definition = text(props, "roleDefinitionId", "properties.roleDefinitionId").orElseThrow(
                () -> RbacException.badParameter("properties.roleDefinitionId is required."));
        String principal = text(props, "principalId", "properties.principalId").orElseThrow(
                () -> RbacException.badParameter("properties.principalId is required."));
        return new AssignmentRequest(definition, principal);
    }

    static String permissionsText(List<Permission> permissions) {
        return Json.MAPPER.writeValueAsString(permissions.stream().map(p -> Map.of(
                "dataActions", p.dataActions(), "notDataActions", p.notDataActions())).toList());
    }

    static List<Permission> permissions(String json) {
        List<Permission> out = new ArrayList<>();
        for (JsonNode p : Json.MAPPER.readTree(json)) {
            out.add(new Permission(stored(p.get("dataActions")), stored(p.get("notDataActions"))));
        }
        return out;
    }

    static String stringsText(List<String> values) {
        return Json.MAPPER.writeValueAsString(values);
    }

    static List<String> strings(String json) {
        return stored(Json.MAPPER.readTree(json));
    }

    private static List<String> stored(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }

    private static JsonNode properties(JsonNode body) {
        only(body, Set.of("properties"), "");
        JsonNode props = body.get("properties");
        if (props == null || !props.isObject()) {
            throw RbacException.badParameter("The body must be {\"properties\": {...}}; 'properties' is required.");
        }
        return props;
    }

    private static void only(JsonNode node, Set<String> allowed, String prefix) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                throw RbacException.badParameter("Unknown field '" + prefix + RoleScope.printable(field) + "'.");
            }
        }
    }

    private static Optional<String> text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw RbacException.badParameter(where + " must be a string.");
        }
        return Optional.of(value.asString());
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw RbacException.badParameter(where + "." + field + " must be an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : value) {
            if (!v.isString()) {
                throw RbacException.badParameter(where + "." + field + " must be an array of strings.");
            }
            out.add(v.asString());
        }
        return out;
    }
}
