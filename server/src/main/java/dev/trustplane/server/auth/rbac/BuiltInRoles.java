package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.auth.RoleAuthorizer;
import dev.trustplane.server.auth.Roles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Managed HSM's built-in role definitions under the GUIDs Managed HSM gives them (built-in-roles
 * documentation). Their data actions are not repeated here: they come from {@link Roles#catalogue()}, the one
 * place that says what each role may do, so a token carrying a role and an assignment of the same role grant
 * exactly the same.
 */
final class BuiltInRoles {
    private final Map<String, RoleDefinition> byName = new LinkedHashMap<>();

    BuiltInRoles(RoleAuthorizer catalogue) {
        add(catalogue, "a290e904-7015-4bba-90c8-60543313cdb4", Roles.MHSM_ADMINISTRATOR,
                "Security domain, full backup and restore, and role management; no key operations.");
        add(catalogue, "515eb02d-2335-4d2d-92f2-b1cbdf9c3778", Roles.MHSM_CRYPTO_OFFICER,
                "Role management and deleted-key recovery and purge; cannot use key material.");
        add(catalogue, "21dbd100-6940-42c2-9190-5d6cb909625b", Roles.MHSM_CRYPTO_USER,
                "Key management and every cryptographic operation; cannot read, recover or purge deleted keys.");
        add(catalogue, "4bd23610-cdcf-4971-bdee-bdc562cc28e4", Roles.MHSM_POLICY_ADMINISTRATOR,
                "Creates and deletes role definitions and role assignments.");
        add(catalogue, "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", Roles.MHSM_CRYPTO_AUDITOR,
                "Reads key attributes, deleted keys and role assignments; cannot use key material.");
        add(catalogue, "33413926-3206-4cdd-b39a-83574fe37a17", Roles.MHSM_CRYPTO_SERVICE_ENCRYPTION_USER,
                "Reads keys and wraps and unwraps with them, for service encryption.");
        add(catalogue, "21dbd100-6940-42c2-9190-5d6cb909625c", Roles.MHSM_CRYPTO_SERVICE_RELEASE_USER,
                "Releases keys to trusted execution environments (secure key release).");
        add(catalogue, "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", Roles.MHSM_BACKUP,
                "Backs up single keys and the whole HSM.");
        add(catalogue, "6efe6056-5259-49d2-8b3d-d3d73544b20b", Roles.MHSM_RESTORE,
                "Restores single keys and the whole HSM.");
    }

    private void add(RoleAuthorizer catalogue, String guid, String roleName, String description) {
        List<String> grants = catalogue.grants(roleName);
        if (grants.isEmpty() || grants.stream().anyMatch(g -> g.endsWith("*"))) {
            throw new IllegalStateException("the role catalogue has no exact data actions for '" + roleName + "'");
        }
        byName.put(guid, new RoleDefinition(guid, roleName, description, true,
                List.of(new Permission(grants, List.of())), List.of("/")));
    }

    List<RoleDefinition> all() {
        return List.copyOf(byName.values());
    }

    Optional<RoleDefinition> find(String guid) {
        return Optional.ofNullable(byName.get(guid));
    }

    /** Every data action some built-in role holds. */
    java.util.Set<String> grantedActions() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        byName.values().forEach(d -> d.permissions().forEach(p -> out.addAll(p.dataActions())));
        return out;
    }
}
