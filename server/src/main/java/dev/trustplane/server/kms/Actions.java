package dev.trustplane.server.kms;

/**
 * Managed HSM's data actions (built-in roles documentation) required by each keys API call; the server's
 * authorizer matches them against the caller's role, with the resource {@code /keys/{name}} or {@code /keys}.
 */
final class Actions {
    private static final String P = "Microsoft.KeyVault/managedHsm/keys/";

    static final String READ = P + "read/action";
    static final String WRITE = P + "write/action";
    static final String CREATE = P + "create";
    static final String IMPORT = P + "import/action";
    static final String DELETE = P + "delete";
    static final String DELETED_READ = P + "deletedKeys/read/action";
    static final String RECOVER = P + "deletedKeys/recover/action";
    static final String PURGE = P + "deletedKeys/delete";
    static final String ENCRYPT = P + "encrypt/action";
    static final String DECRYPT = P + "decrypt/action";
    static final String SIGN = P + "sign/action";
    static final String VERIFY = P + "verify/action";
    static final String WRAP = P + "wrap/action";
    static final String UNWRAP = P + "unwrap/action";
    static final String BACKUP = P + "backup/action";
    static final String RESTORE = P + "restore/action";
    static final String ROTATE = P + "rotate/action";
    static final String RELEASE = P + "release/action";
    static final String RNG = "Microsoft.KeyVault/managedHsm/rng/action";

    private Actions() {}
}
