package dev.trustplane.kms.internal;

import dev.trustplane.store.Store;

/** Vault-wide switches kept in {@code kms_settings}: today purge protection, which can be turned on, never off. */
final class VaultSettings {
    private static final String PURGE_PROTECTION = "purge_protection";

    private final Store store;
    private final KeyRepository repo;

    VaultSettings(Store store, KeyRepository repo) {
        this.store = store;
        this.repo = repo;
    }

    void enablePurgeProtection() {
        store.useTransaction(h -> repo.putSetting(h, PURGE_PROTECTION, "true"));
    }

    boolean purgeProtection() {
        return repo.setting(PURGE_PROTECTION).map("true"::equals).orElse(false);
    }
}
