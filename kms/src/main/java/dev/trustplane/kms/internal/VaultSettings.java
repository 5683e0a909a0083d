package dev.trustplane.kms.internal;

import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Vault-wide switches kept in {@code kms_settings}: today purge protection, which can be turned on, never off. */
final class VaultSettings {
    private static final String PURGE_PROTECTION = "purge_protection";
    /** How long a key bundle's {@code recoveryLevel} may lag another replica turning purge protection on. */
    static final Duration SHOWN_OFF_FOR = Duration.ofSeconds(2);

    private final Store store;
    private final KeyRepository repo;
    private final Clock clock;
    /**
     * Set once purge protection was seen on. It can never be turned off, so from then on no store read is needed.
     * (A full restore that could bring back an older setting runs offline, on a stopped server.)
     */
    private volatile boolean seenOn;
    /** Until when an "off" read may be reused for display; null: read again. */
    private volatile Instant offUntil;

    VaultSettings(Store store, KeyRepository repo, Clock clock) {
        this.store = store;
        this.repo = repo;
        this.clock = clock;
    }

    void enablePurgeProtection() {
        store.useTransaction(h -> repo.putSetting(h, PURGE_PROTECTION, "true"));
        seenOn = true;
    }

    /** Whether purge protection is on, read from the store until it is seen on: what purge decisions use. */
    boolean purgeProtection() {
        if (seenOn) {
            return true;
        }
        boolean on = repo.setting(PURGE_PROTECTION).map("true"::equals).orElse(false);
        if (on) {
            seenOn = true;
        } else {
            offUntil = clock.instant().plus(SHOWN_OFF_FOR);
        }
        return on;
    }

    /**
     * The same for display only — every key bundle's {@code recoveryLevel}, several per release: an "off" read is
     * reused for {@link #SHOWN_OFF_FOR}, so a bundle may say "Purgeable" that long after another replica turned
     * protection on. Purges never use this.
     */
    boolean purgeProtectionShown() {
        if (seenOn) {
            return true;
        }
        Instant until = offUntil;
        if (until != null && clock.instant().isBefore(until)) {
            return false;
        }
        return purgeProtection();
    }
}
