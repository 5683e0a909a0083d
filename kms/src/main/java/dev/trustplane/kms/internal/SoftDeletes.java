package dev.trustplane.kms.internal;

import dev.trustplane.kms.DeletedKey;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Soft delete as Key Vault and Managed HSM do it (always on): delete moves the whole key into the deleted
 * state for the retention period, during which its name stays taken and it can be recovered or purged;
 * afterwards {@link #purgeExpired} removes it. Purge protection is a vault-wide flag that can be turned on
 * and never off; with it, nothing is purged before its scheduled purge date.
 */
final class SoftDeletes {
    private final Store store;
    private final KeyRepository repo;
    private final KmsConfig config;
    private final Clock clock;
    private final Bundles bundles;
    private final VaultSettings settings;

    SoftDeletes(Store store, KeyRepository repo, KmsConfig config, Clock clock, Bundles bundles, VaultSettings settings) {
        this.store = store;
        this.repo = repo;
        this.config = config;
        this.clock = clock;
        this.bundles = bundles;
        this.settings = settings;
    }

    DeletedKey delete(String name) {
        Checks.name(name);
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var purgeAt = now.plus(Duration.ofDays(config.retentionDays()));
        VersionRow latest = store.inTransaction(h -> {
            repo.lockKey(h, name).filter(k -> !k.deleted()).orElseThrow(() -> Checks.keyNotFound(name));
            repo.setDeleted(h, name, now, purgeAt);
            return repo.version(h, name, null).orElseThrow();
        });
        return new DeletedKey(bundles.bundle(latest), now, purgeAt);
    }

    DeletedKey getDeleted(String name) {
        Checks.name(name);
        var key = repo.key(name).filter(KeyRepository.KeyRow::deleted).orElseThrow(() -> deletedNotFound(name));
        var latest = repo.version(name, null).orElseThrow(() -> deletedNotFound(name));
        return new DeletedKey(bundles.bundle(latest), key.deletedAt().orElseThrow(), key.purgeAt().orElseThrow());
    }

    KeyBundle recover(String name) {
        Checks.name(name);
        VersionRow latest = store.inTransaction(h -> {
            repo.lockKey(h, name).filter(KeyRepository.KeyRow::deleted).orElseThrow(() -> deletedNotFound(name));
            repo.setDeleted(h, name, null, null);
            return repo.version(h, name, null).orElseThrow();
        });
        return bundles.bundle(latest);
    }

    void purge(String name) {
        Checks.name(name);
        boolean protectedVault = settings.purgeProtection();
        store.useTransaction(h -> {
            var key = repo.lockKey(h, name).filter(KeyRepository.KeyRow::deleted).orElseThrow(() -> deletedNotFound(name));
            if (protectedVault && clock.instant().isBefore(key.purgeAt().orElseThrow())) {
                throw KmsException.conflict("Purge protection is enabled: key " + name + " cannot be purged before its "
                        + "scheduled purge date " + key.purgeAt().orElseThrow() + ".");
            }
            repo.purge(h, name);
        });
    }

    /** Purges the deleted keys whose retention ended; returns their names. */
    java.util.List<String> purgeExpired() {
        var purged = new java.util.ArrayList<String>();
        for (String name : repo.expiredDeleted(clock.instant())) {
            boolean done = store.inTransaction(h -> {
                var key = repo.lockKey(h, name);
                if (key.isPresent() && key.get().purgeAt().filter(at -> !at.isAfter(clock.instant())).isPresent()) {
                    repo.purge(h, name);
                    return true;
                }
                return false;
            });
            if (done) {
                purged.add(name);
            }
        }
        return purged;
    }

    private static KmsException deletedNotFound(String name) {
        return KmsException.notFound("Deleted Key not found: " + name + ".");
    }
}
