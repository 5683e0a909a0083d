package dev.trustplane.kms.internal;

import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Detects a wrong master key at start rather than at the first key operation: the first start seals a
 * known check value into {@code kms_settings}; every later start must open it. A mismatch stops the KMS
 * with a message naming both master key ids.
 */
final class MasterKeyCheck {
    private static final String SETTING = "master_key_check";
    private static final String ID_SETTING = "master_key_id";
    private static final byte[] CHECK = "trustplane-kms master key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "trustplane-kms-v1/master-key-check".getBytes(StandardCharsets.US_ASCII);

    private MasterKeyCheck() {}

    static void verifyOrRecord(Store store, KeyRepository repo, MasterKeyProvider masterKey) {
        var existing = repo.setting(SETTING);
        if (existing.isEmpty()) {
            String sealed = Base64.getEncoder().encodeToString(masterKey.seal(CHECK, AAD));
            store.useTransaction(h -> {
                repo.putSetting(h, SETTING, sealed);
                repo.putSetting(h, ID_SETTING, masterKey.id());
            });
            return;
        }
        String recordedId = repo.setting(ID_SETTING).orElse("unknown");
        byte[] opened;
        try {
            opened = masterKey.open(Base64.getDecoder().decode(existing.get()), AAD);
        } catch (KmsException e) {
            throw new KmsException(KmsException.Code.MASTER_KEY_UNAVAILABLE, "The KMS keys in this store were sealed with "
                    + "master key " + recordedId + ", but the configured master key is " + masterKey.id()
                    + ". Configure the original master key (restore its file or HSM object); refusing to start the KMS.", e);
        }
        boolean same = MessageDigest.isEqual(opened, CHECK);
        Arrays.fill(opened, (byte) 0);
        if (!same) {
            throw new KmsException(KmsException.Code.MASTER_KEY_UNAVAILABLE, "The master key check value is corrupt.");
        }
    }
}
