package dev.trustplane.server.auth.rbac;

/**
 * A role granted to a principal at a scope.
 *
 * @param name the GUID naming the assignment (lower case)
 * @param scope where it applies
 * @param roleDefinition the GUID of the role definition (built-in or custom)
 * @param principalId the Trustplane token id the role is granted to
 */
public record RoleAssignment(String name, RoleScope scope, String roleDefinition, String principalId) {
    public String id() {
        return scope.idPrefix() + "/providers/Microsoft.Authorization/roleAssignments/" + name;
    }

    public String roleDefinitionId() {
        return RoleDefinition.ID_PREFIX + roleDefinition;
    }
}
