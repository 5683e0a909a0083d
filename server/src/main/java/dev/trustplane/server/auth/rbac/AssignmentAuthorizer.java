package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.auth.Authorizer;
import dev.trustplane.server.auth.Principal;

/**
 * The server's authorizer once role assignments exist: a caller may act when its token's own role permits
 * it (checked first, in memory) or when one of its role assignments does (one indexed query). Deny by default:
 * an unknown role, a defunct assignment or a scope that does not cover the resource grants nothing.
 */
public final class AssignmentAuthorizer implements Authorizer {
    private final Authorizer tokenRoles;
    private final RoleManagement assignments;

    public AssignmentAuthorizer(Authorizer tokenRoles, RoleManagement assignments) {
        this.tokenRoles = tokenRoles;
        this.assignments = assignments;
    }

    @Override
    public boolean permits(Principal principal, String action, String resource) {
        return tokenRoles.permits(principal, action, resource) || assignments.permits(principal.id(), action, resource);
    }
}
