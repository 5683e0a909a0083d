package dev.trustplane.kms;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the master key a {@code master-key} setting names: {@code file} (the default, {@link SealedFileMasterKey}
 * in the data dir) or {@code pkcs11:...} ({@link Pkcs11MasterKey}, see {@link Pkcs11Config} for the text form).
 */
public final class MasterKeys {
    /** The default setting. */
    public static final String FILE = "file";

    private MasterKeys() {}

    /**
     * Checks the setting's syntax without touching files or tokens, so that a typo fails before start-up writes.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(String setting) {
        if (!setting.equals(FILE)) {
            if (!setting.startsWith(Pkcs11Config.PREFIX)) {
                throw new IllegalArgumentException("master-key must be 'file' or 'pkcs11:...', got '" + setting.split(",", 2)[0] + "'");
            }
            Pkcs11Config.parse(setting);
        }
    }

    /**
     * Opens the master key.
     *
     * @param env the process environment (for a PKCS#11 PIN given as {@code pin-env})
     * @throws KmsException {@code MASTER_KEY_UNAVAILABLE} when it cannot be opened
     * @throws IllegalArgumentException when the setting is malformed
     */
    public static MasterKeyProvider open(String setting, Path dataDir, Map<String, String> env) {
        validate(setting);
        return setting.equals(FILE) ? SealedFileMasterKey.openOrCreate(dataDir) : Pkcs11MasterKey.open(Pkcs11Config.parse(setting), env);
    }
}
