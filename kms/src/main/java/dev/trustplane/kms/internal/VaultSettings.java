package dev.trustplane.kms.internal;

import dev.trustplane.store.Store;

/** Vault-wide switches kept in {@code kms_settings}: today purge protection, which can be turned on, never off. */
final class VaultSettings {
    private static final String PURGE_PROTECTION = "purge_protection";

    private final Store store;
    private final KeyRepository repo;
    /**
     * Set once purge protection was seen on. It can never be turned off (by any replica), so from then on the
     * answer needs no store read — every key bundle's {@code recoveryLevel} asks for it. While it is off, each
     * call reads the store, so a replica sees another one turning it on at once.
     */
    private volatile boolean purgeProtectionSeen;

    VaultSettings(Store store, KeyRepository repo) {
        this.store = store;
        this.repo = repo;
    }

    void enablePurgeProtection() {
        store.useTransaction(h -> repo.putSetting(h, PURGE_PROTECTION, "true"));
        purgeProtectionSeen = true;
    }

    boolean purgeProtection() {
        if (purgeProtectionSeen) {
            return true;
        }
        boolean on = repo.setting(PURGE_PROTECTION).map("true"::equals).orElse(false);
        purgeProtectionSeen = on;
        return on;
    }
}
