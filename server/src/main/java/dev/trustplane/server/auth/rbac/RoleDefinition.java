package dev.trustplane.server.auth.rbac;

import java.util.List;

/**
 * A Managed HSM role definition: a built-in role (read-only, its GUID as Managed HSM publishes it) or a custom
 * one stored by the server.
 *
 * @param name the GUID that names the definition (lower case)
 * @param roleName the display name, unique ignoring case, e.g. {@code Managed HSM Crypto User}
 * @param builtIn true for Managed HSM's built-in roles ({@code AKVBuiltInRole}), false for {@code CustomRole}
 * @param assignableScopes where it may be assigned ({@code /} for every built-in role)
 */
public record RoleDefinition(String name, String roleName, String description, boolean builtIn,
        List<Permission> permissions, List<String> assignableScopes) {
    /** The id form Managed HSM uses for definitions, and in the {@code roleDefinitionId} of assignments. */
    public static final String ID_PREFIX = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/";

    public RoleDefinition {
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
    }

    public String id() {
        return ID_PREFIX + name;
    }

    /** True when some permission block grants {@code action}. */
    public boolean grants(String action) {
        return permissions.stream().anyMatch(p -> p.grants(action));
    }
}
