package dev.trustplane.server.auth;

import dev.trustplane.server.ledger.LedgerRoutes;
import java.util.List;

/**
 * The role catalogue of this Trustplane build: the one place that lists every role and what it may do,
 * used by the server and by the offline {@code trustplane token} commands alike.
 *
 * <p>Managed HSM's built-in local RBAC roles carry the names and data actions Managed HSM gives them
 * (learn.microsoft.com {@code managed-hsm/built-in-roles.md}, cross-checked with the role definitions a live
 * Managed HSM returns from {@code GET /providers/Microsoft.Authorization/roleDefinitions}). None of them holds
 * Trustplane's own actions (tokens, ledger): those stay with {@code Administrator} and the ledger roles.
 */
public final class Roles {
    private Roles() {}

    /** Reads ledger entries, receipts and proofs (and the tiles and checkpoint under --ledger-reads authenticated). */
    public static final String LEDGER_READER = "Ledger Reader";
    /** Appends ledger entries (ACL-style writes) and submits witness cosignatures; reads too. */
    public static final String LEDGER_WRITER = "Ledger Writer";

    /** Security domain, full backup and restore, role management; no key operations. */
    public static final String MHSM_ADMINISTRATOR = "Managed HSM Administrator";
    /** Role management, read/recover/purge deleted keys, export; no other key operation, no use of key material. */
    public static final String MHSM_CRYPTO_OFFICER = "Managed HSM Crypto Officer";
    /** Every key management and cryptographic operation except reading, recovering or purging deleted keys. */
    public static final String MHSM_CRYPTO_USER = "Managed HSM Crypto User";
    /** Creates and deletes role assignments and definitions. */
    public static final String MHSM_POLICY_ADMINISTRATOR = "Managed HSM Policy Administrator";
    /** Reads (but does not use) key attributes, deleted keys and role assignments. */
    public static final String MHSM_CRYPTO_AUDITOR = "Managed HSM Crypto Auditor";
    /** Reads keys and wraps/unwraps with them (service encryption). */
    public static final String MHSM_CRYPTO_SERVICE_ENCRYPTION_USER = "Managed HSM Crypto Service Encryption User";
    /** Releases keys to a trusted execution environment. */
    public static final String MHSM_CRYPTO_SERVICE_RELEASE_USER = "Managed HSM Crypto Service Release User";
    /** Single-key and whole-HSM backup. */
    public static final String MHSM_BACKUP = "Managed HSM Backup";
    /** Single-key and whole-HSM restore. */
    public static final String MHSM_RESTORE = "Managed HSM Restore";

    private static final String H = "Microsoft.KeyVault/managedHsm/";
    private static final String K = H + "keys/";

    private static final List<String> ROLE_READ = List.of(H + "roleAssignments/read/action", H + "roleDefinitions/read/action");
    private static final List<String> ROLE_MANAGE = List.of(
            H + "roleAssignments/read/action", H + "roleAssignments/write/action", H + "roleAssignments/delete/action",
            H + "roleDefinitions/read/action", H + "roleDefinitions/write/action", H + "roleDefinitions/delete/action");

    public static RoleAuthorizer catalogue() {
        return RoleAuthorizer.builder()
                .role(LEDGER_READER, List.of(LedgerRoutes.READ))
                .role(LEDGER_WRITER, List.of(LedgerRoutes.READ, LedgerRoutes.WRITE))
                .role(MHSM_ADMINISTRATOR, concat(ROLE_MANAGE, List.of(
                        H + "securitydomain/download/action", H + "securitydomain/download/read",
                        H + "securitydomain/upload/action", H + "securitydomain/upload/read",
                        H + "securitydomain/transferkey/read",
                        H + "backup/start/action", H + "backup/status/action",
                        H + "restore/start/action", H + "restore/status/action")))
                .role(MHSM_CRYPTO_OFFICER, concat(ROLE_MANAGE, List.of(
                        K + "deletedKeys/read/action", K + "deletedKeys/recover/action", K + "deletedKeys/delete",
                        K + "export/action")))
                .role(MHSM_CRYPTO_USER, concat(ROLE_READ, List.of(
                        K + "read/action", K + "write/action", K + "rotate/action", K + "create", K + "delete",
                        K + "import/action", K + "release/action", K + "backup/action", K + "restore/action",
                        K + "encrypt/action", K + "decrypt/action", K + "wrap/action", K + "unwrap/action",
                        K + "sign/action", K + "verify/action", K + "derive/action", H + "rng/action")))
                .role(MHSM_POLICY_ADMINISTRATOR, ROLE_MANAGE)
                .role(MHSM_CRYPTO_AUDITOR, concat(ROLE_READ, List.of(K + "read/action", K + "deletedKeys/read/action")))
                .role(MHSM_CRYPTO_SERVICE_ENCRYPTION_USER, List.of(K + "read/action", K + "wrap/action", K + "unwrap/action"))
                .role(MHSM_CRYPTO_SERVICE_RELEASE_USER, List.of(K + "release/action"))
                .role(MHSM_BACKUP, List.of(H + "backup/start/action", H + "backup/status/action", K + "backup/action"))
                .role(MHSM_RESTORE, List.of(H + "restore/start/action", H + "restore/status/action", K + "restore/action"))
                .build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
