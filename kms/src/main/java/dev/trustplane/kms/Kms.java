package dev.trustplane.kms;

import dev.trustplane.kms.internal.DefaultKms;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key store and its operations, with Key Vault / Managed HSM semantics. Thread-safe.
 *
 * <p>Names match {@code ^[0-9a-zA-Z-]{1,127}$}; versions are 32 lower-case hex characters. A {@code null} or
 * empty version means the latest (most recently created) one. Every failure is a {@link KmsException} whose
 * code is Key Vault's. Private material is kept sealed by the {@link MasterKeyProvider}; opened material is
 * reused for a bounded time ({@link KeyCacheSettings}, checked against the stored version on every call) or,
 * with the cache off, lives only for the duration of one operation.
 *
 * <p>Attribute semantics: a disabled version does nothing; outside its nbf/exp window only decrypt,
 * unwrap and verify work; an operation not in the version's {@code key_ops} is refused (Forbidden).
 * Deleting removes the whole key (all versions) into the deleted state, where the name stays taken until it
 * is recovered or purged (by the caller, or automatically after the retention period).
 */
public interface Kms {
    Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    Pattern VERSION = Pattern.compile("[0-9a-f]{32}");

    /**
     * Opens the KMS on {@code store} (migrating its tables) and checks that {@code masterKey} is the one the
     * existing keys were sealed with.
     *
     * @throws KmsException {@code MASTER_KEY_UNAVAILABLE} when the store holds keys sealed under another master key
     */
    static Kms open(Store store, MasterKeyProvider masterKey, KmsConfig config, Clock clock) {
        return DefaultKms.open(store, masterKey, config, clock);
    }

    KeyBundle create(String name, CreateKeyOptions options);

    /** Imports {@code material} as a new version; destroys its private parts whatever the outcome. */
    KeyBundle importKey(String name, KeyMaterial material, boolean hsm, KeySettings settings);

    KeyBundle get(String name, String version);

    /** Latest version of each active key, ordered by name. */
    Page<KeyBundle> list(Optional<String> continuation, int maxResults);

    /** All versions of a key, oldest first. */
    Page<KeyBundle> listVersions(String name, Optional<String> continuation, int maxResults);

    KeyBundle update(String name, String version, KeyUpdate update);

    DeletedKey delete(String name);

    DeletedKey getDeleted(String name);

    Page<DeletedKey> listDeleted(Optional<String> continuation, int maxResults);

    /** Restores a deleted key; returns its latest version. */
    KeyBundle recover(String name);

    /**
     * Removes a deleted key for good.
     *
     * @throws KmsException {@code CONFLICT} when purge protection is on and the retention period has not ended
     */
    void purge(String name);

    /** Purges every deleted key whose scheduled purge date has passed; returns how many. */
    int purgeExpired();

    /** Turns purge protection on for the whole vault. Irreversible. */
    void enablePurgeProtection();

    boolean purgeProtection();

    CryptoResult sign(String name, String version, SignatureAlgorithm alg, byte[] digest);

    Verification verify(String name, String version, SignatureAlgorithm alg, byte[] digest, byte[] signature);

    CryptoResult encrypt(String name, String version, CryptoRequest request);

    CryptoResult decrypt(String name, String version, CryptoRequest request);

    CryptoResult wrapKey(String name, String version, CryptoRequest request);

    CryptoResult unwrapKey(String name, String version, CryptoRequest request);

    /**
     * For secure key release only: the version ({@code version} null: the latest) as <em>one</em> read of its state
     * sees it — its bundle, on which the caller evaluates the release policy, and, once the caller has decided and
     * recorded the decision, its private material from that same read. A release is thereby decided and exported on
     * one state of the key: a disable or update that commits after the read orders after the release, exactly as
     * if it had arrived a moment later. The read is the crypto path's: this process's own changes are always seen,
     * another replica's within {@link KmsConfig#keyStateCache}.
     *
     * @throws KmsException {@code KEY_NOT_FOUND} when the key or version does not exist or is deleted
     */
    Releasable releasable(String name, String version);

    /** A key version read once for a release; see {@link #releasable}. */
    interface Releasable {
        KeyBundle bundle();

        /**
         * The private material in the release encoding (PKCS#8 DER for RSA and EC, the raw bytes for oct). The
         * version must be exportable and enabled; nbf/exp do not matter (Key Vault releases keys outside their
         * validity window). Release-policy checks are the caller's job. The caller destroys the result.
         *
         * @throws KmsException {@code FORBIDDEN} when the version is not exportable or disabled
         */
        SecretBytes export();
    }

    /**
     * An opaque backup of the whole key (every version, attributes, tags, policies), encrypted and authenticated
     * under the master key: it restores only into a Trustplane holding the same master key.
     */
    byte[] backup(String name);

    /**
     * Restores a backup under its original name and version ids.
     *
     * @throws KmsException {@code CONFLICT} when the name exists (active or deleted); {@code BAD_PARAMETER} when the
     *                      blob is not a backup this vault can open
     */
    KeyBundle restore(byte[] backup);

    /** Creates a new version with the latest version's type, size, curve, key_ops and tags. */
    KeyBundle rotate(String name);

    /** The key's rotation policy, or Key Vault's default when none was set. */
    RotationPolicy rotationPolicy(String name);

    /** Sets the rotation policy; an empty action list and no expiry removes it. */
    RotationPolicy setRotationPolicy(String name, RotationPolicy policy);

    /** Rotates every active key whose Rotate trigger has passed for its latest version; returns how many. */
    int rotateDue();

    /** {@code count} (1–128) random bytes from the JDK's strong source. */
    byte[] random(int count);

    /** The vault's configuration. */
    KmsConfig config();
}
