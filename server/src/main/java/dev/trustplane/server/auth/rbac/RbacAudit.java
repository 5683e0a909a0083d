package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.auth.AuditTrail;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.http.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Role management on the ledger: who granted or removed which role to whom where, and who defined what a custom
 * role permits. Records:
 *
 * <ul>
 *   <li>{@code rbac.assignment.create} / {@code rbac.assignment.delete}: {@code assignmentName}, {@code scope},
 *       {@code roleDefinition} (GUID), {@code principalId} (token id);
 *   <li>{@code rbac.definition.create} / {@code rbac.definition.update} / {@code rbac.definition.delete}:
 *       {@code definitionName}, {@code roleName}, {@code permissions} (the data actions themselves: they are what an
 *       auditor needs, a few known names each), {@code assignableScopes};
 * </ul>
 *
 * each with {@code outcome} ({@code succeeded} or the error code of a refused write, e.g. {@code RoleAssignmentExists})
 * and {@code caller}/{@code callerRole}. A refused write records what was asked (name and scope, cut to a safe
 * length); a 403 before the write is recorded by the server as {@code access.refused}. Failure rules as
 * {@link AuditTrail}'s: an unrecordable change answers 503, an unrecordable refusal stays the refusal it was.
 */
final class RbacAudit {
    private final AuditTrail trail;

    RbacAudit(AuditTrail trail) {
        this.trail = trail;
    }

    RoleAssignment assignmentCreated(Principal caller, RoleScope scope, String name, Supplier<RoleAssignment> write) {
        RoleAssignment created = attempt("rbac.assignment.create", caller, scope, "assignmentName", name, write);
        trail.changed("rbac.assignment.create", assignment(caller, created), "role assignment");
        return created;
    }

    RoleAssignment assignmentDeleted(Principal caller, RoleScope scope, String name, Supplier<RoleAssignment> write) {
        RoleAssignment deleted = attempt("rbac.assignment.delete", caller, scope, "assignmentName", name, write);
        trail.changed("rbac.assignment.delete", assignment(caller, deleted), "role assignment deletion");
        return deleted;
    }

    RoleDefinition definitionPut(Principal caller, RoleScope scope, String name, Supplier<RoleManagement.DefinitionPut> write) {
        RoleManagement.DefinitionPut put = attempt("rbac.definition.put", caller, scope, "definitionName", name, write);
        String type = put.created() ? "rbac.definition.create" : "rbac.definition.update";
        trail.changed(type, definition(caller, put.definition()), "role definition");
        return put.definition();
    }

    RoleDefinition definitionDeleted(Principal caller, RoleScope scope, String name, Supplier<RoleDefinition> write) {
        RoleDefinition deleted = attempt("rbac.definition.delete", caller, scope, "definitionName", name, write);
        trail.changed("rbac.definition.delete", definition(caller, deleted), "role definition deletion");
        return deleted;
    }

    /** Runs {@code write}; when it is refused, records the refusal with what was asked and rethrows unchanged. */
    private <T> T attempt(String type, Principal caller, RoleScope scope, String nameField, String name, Supplier<T> write) {
        try {
            return write.get();
        } catch (RbacException | ApiException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(nameField, AuditTrail.bounded(name));
            fields.put("scope", scope.path());
            fields.put("outcome", e instanceof RbacException r ? r.code() : ((ApiException) e).code());
            fields.putAll(AuditTrail.caller(caller));
            trail.refused(type, fields);
            throw e;
        }
    }

    private static Map<String, Object> assignment(Principal caller, RoleAssignment a) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("assignmentName", a.name());
        fields.put("scope", a.scope().path());
        fields.put("roleDefinition", a.roleDefinition());
        fields.put("principalId", a.principalId());
        fields.put("outcome", "succeeded");
        fields.putAll(AuditTrail.caller(caller));
        return fields;
    }

    private static Map<String, Object> definition(Principal caller, RoleDefinition d) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("definitionName", d.name());
        fields.put("roleName", d.roleName());
        List<Object> permissions = d.permissions().stream().<Object>map(p -> Map.of("dataActions", p.dataActions(),
                "notDataActions", p.notDataActions())).toList();
        fields.put("permissions", permissions);
        fields.put("assignableScopes", d.assignableScopes());
        fields.put("outcome", "succeeded");
        fields.putAll(AuditTrail.caller(caller));
        return fields;
    }
}
