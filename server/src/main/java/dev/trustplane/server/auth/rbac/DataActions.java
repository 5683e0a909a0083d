package dev.trustplane.server.auth.rbac;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The data actions a Managed HSM role definition may name: the {@code DataAction} enumeration of the Managed
 * HSM RBAC REST specification (7.4 {@code rbac.json}), plus any action one of Trustplane's built-in Managed
 * HSM roles holds. Custom role definitions naming anything else are refused, so a typo cannot silently grant
 * nothing — and no custom role can reach Trustplane's own actions (tokens, ledger).
 */
public final class DataActions {
    private static final String H = "Microsoft.KeyVault/managedHsm/";
    private static final Set<String> SPEC = Set.of(
            H + "keys/read/action", H + "keys/write/action", H + "keys/deletedKeys/read/action",
            H + "keys/deletedKeys/recover/action", H + "keys/backup/action", H + "keys/restore/action",
            H + "roleAssignments/delete/action", H + "roleAssignments/read/action", H + "roleAssignments/write/action",
            H + "roleDefinitions/read/action", H + "roleDefinitions/write/action", H + "roleDefinitions/delete/action",
            H + "keys/encrypt/action", H + "keys/decrypt/action", H + "keys/wrap/action", H + "keys/unwrap/action",
            H + "keys/sign/action", H + "keys/verify/action", H + "keys/create", H + "keys/delete",
            H + "keys/export/action", H + "keys/release/action", H + "keys/import/action",
            H + "keys/deletedKeys/delete", H + "securitydomain/download/action", H + "securitydomain/download/read",
            H + "securitydomain/upload/action", H + "securitydomain/upload/read", H + "securitydomain/transferkey/read",
            H + "backup/start/action", H + "restore/start/action", H + "backup/status/action",
            H + "restore/status/action", H + "rng/action");

    public static final String ROLE_ASSIGNMENTS_READ = H + "roleAssignments/read/action";
    public static final String ROLE_ASSIGNMENTS_WRITE = H + "roleAssignments/write/action";
    public static final String ROLE_ASSIGNMENTS_DELETE = H + "roleAssignments/delete/action";
    public static final String ROLE_DEFINITIONS_READ = H + "roleDefinitions/read/action";
    public static final String ROLE_DEFINITIONS_WRITE = H + "roleDefinitions/write/action";
    public static final String ROLE_DEFINITIONS_DELETE = H + "roleDefinitions/delete/action";

    private final Set<String> known;

    DataActions(Set<String> builtInGrants) {
        Set<String> all = new LinkedHashSet<>(SPEC);
        all.addAll(builtInGrants);
        this.known = Set.copyOf(all);
    }

    /** @throws RbacException BadParameter naming the action when it is not a Managed HSM data action */
    void requireKnown(String action, String field) {
        if (!known.contains(action)) {
            throw RbacException.badParameter("'" + RoleScope.printable(action) + "' in " + field
                    + " is not a Managed HSM data action.");
        }
    }
}
