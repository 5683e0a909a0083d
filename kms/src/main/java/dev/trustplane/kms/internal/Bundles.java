package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyAttributes;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KmsConfig;
import java.util.function.BooleanSupplier;

/** Turns stored rows into {@link KeyBundle}s, adding the vault-wide recovery attributes. */
final class Bundles {
    private final KmsConfig config;
    private final BooleanSupplier purgeProtection;

    Bundles(KmsConfig config, BooleanSupplier purgeProtection) {
        this.config = config;
        this.purgeProtection = purgeProtection;
    }

    KeyBundle bundle(VersionRow row) {
        var attributes = new KeyAttributes(row.enabled(), row.notBefore(), row.expires(), row.created(), row.updated(),
                config.retentionDays(), recoveryLevel(), row.exportable());
        return new KeyBundle(row.name(), row.version(), row.publicKey(), attributes, row.tags(), row.releasePolicy());
    }

    /** Key Vault's recoveryLevel for soft-delete (always on) with or without purge protection. */
    String recoveryLevel() {
        String base = config.retentionDays() == 90 ? "Recoverable" : "CustomizedRecoverable";
        return purgeProtection.getAsBoolean() ? base : base + "+Purgeable";
    }
}
