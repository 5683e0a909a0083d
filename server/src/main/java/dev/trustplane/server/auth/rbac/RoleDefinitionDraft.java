package dev.trustplane.server.auth.rbac;

import java.util.List;
import java.util.Optional;

/** What a client asks a custom role definition to be, before validation. */
public record RoleDefinitionDraft(Optional<String> roleName, Optional<String> description, List<Permission> permissions,
        List<String> assignableScopes) {
    public RoleDefinitionDraft {
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
    }
}
