package dev.trustplane.kms.internal;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.CryptoResult;
import dev.trustplane.kms.Curve;
import dev.trustplane.kms.DeletedKey;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.Page;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.kms.SecretBytes;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.kms.Verification;
import dev.trustplane.store.Store;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;


/**
 * {@link Kms} over the store: key lifecycle here, crypto in {@link KeyUsage}, listings in {@link Listings}.
 *
 * <p>Concurrency: every write is one store transaction that first locks the key's {@code kms_keys} row,
 * so two creates of one name get distinct, ordered versions, and two PATCHes of one version apply one after
 * the other (last writer wins, as in Key Vault) with each replacing the row in a single UPDATE — a reader sees
 * the old row or the new one, never a mix. Private material is generated and sealed <em>before</em> the
 * transaction, so no secret work happens while holding locks.
 */
public final class DefaultKms implements Kms {
    /** {@code afterSeq} of an unconditional store. */
    private static final long UNCONDITIONAL = -1;
    private final Store store;
    private final MasterKeyProvider masterKey;
    private final KmsConfig config;
    private final Clock clock;
    private final KeyRepository repo;
    private final Bundles bundles;
    private final KeyUsage usage;
    private final Listings listings;
    private final Backups backups;
    private final Rotations rotations;
    private final SoftDeletes softDeletes;
    private final VaultSettings settings;
    private final OpenedKeys opened;

    private DefaultKms(Store shared, MasterKeyProvider masterKey, KmsConfig config, Clock clock) {
        this.masterKey = masterKey;
        this.config = config;
        this.clock = clock;
        this.repo = new KeyRepository(shared); // reads only; its writes run on the handle of the caller's transaction
        KeyStateCache states = new KeyStateCache(repo, clock, config.keyStateCache());
        this.store = new InvalidatingStore(shared, states::invalidate); // every KMS write drops the cached rows
        this.settings = new VaultSettings(store, repo, clock);
        this.bundles = new Bundles(config, settings::purgeProtectionShown);
        this.softDeletes = new SoftDeletes(store, repo, config, clock, bundles, settings);
        this.opened = new OpenedKeys(config.keyCache(), clock);
        this.usage = new KeyUsage(repo, states, masterKey, clock, opened);
        this.listings = new Listings(repo, bundles, config);
        this.backups = new Backups(store, repo, usage, masterKey, bundles);
        this.rotations = new Rotations(store, repo, usage, masterKey, clock, this::create, this::createAfter);
    }

    public static Kms open(Store store, MasterKeyProvider masterKey, KmsConfig config, Clock clock) {
        store.migrate("kms");
        MasterKeyCheck.verifyOrRecord(store, new KeyRepository(store), masterKey);
        return new DefaultKms(store, masterKey, config, clock);
    }

    @Override
    public KeyBundle create(String name, CreateKeyOptions options) {
        return generateAndStore(name, options, UNCONDITIONAL);
    }

    /**
     * Like {@link #create}, but only while the newest version of {@code name} is still the one numbered
     * {@code afterSeq}: scheduled rotation uses it so that two servers acting on the same due rotation add one
     * version, not two. Empty when another version was added meanwhile.
     */
    Optional<KeyBundle> createAfter(String name, CreateKeyOptions options, long afterSeq) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative");
        }
        return Optional.ofNullable(generateAndStore(name, options, afterSeq));
    }

    /** Generates the material {@code options} ask for and stores it as {@link #store} does. */
    private KeyBundle generateAndStore(String name, CreateKeyOptions options, long afterSeq) {
        Checks.name(name);
        KeyType type = options.kty();
        int size = Checks.createSize(options);
        Curve curve = type.family() == KeyType.Family.EC && options.curve() == null ? Curve.P_256 : options.curve();
        KeyMaterial material;
        try {
            material = KeyMaterials.generate(type, size, curve);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation failed for " + type.wire(), e);
        }
        return store(name, type, material, options.settings(), afterSeq);
    }

    @Override
    public KeyBundle importKey(String name, KeyMaterial material, boolean hsm, KeySettings settings) {
        try (material) {
            Checks.name(name);
            KeyType type = switch (material) {
                case KeyMaterial.Rsa r -> hsm ? KeyType.RSA_HSM : KeyType.RSA;
                case KeyMaterial.Ec e -> hsm ? KeyType.EC_HSM : KeyType.EC;
                case KeyMaterial.Oct o -> KeyType.OCT_HSM;
            };
            return store(name, type, KeyMaterials.validate(type, material), settings, UNCONDITIONAL);
        }
    }

    /**
     * Validates the settings, seals the material (and destroys it) and stores it as the key's newest version;
     * with {@code afterSeq} other than {@link #UNCONDITIONAL}, only if the newest version is still that one
     * (decided under the key's row lock), else returns null.
     */
    private KeyBundle store(String name, KeyType type, KeyMaterial material, KeySettings settings, long afterSeq) {
        try (material) {
            var ops = Checks.keyOps(type, settings.keyOps());
            Checks.tags(settings.tags());
            Checks.window(settings.notBefore(), settings.expires());
            Checks.releasePolicy(settings.exportable(), settings.releasePolicy());
            String version = newVersion();
            byte[] plain = MaterialCodec.encode(material);
            byte[] sealed;
            try {
                sealed = masterKey.seal(plain, KeyUsage.associatedData(name, version));
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
            var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var row = new VersionRow(name, version, 0, KeyMaterials.publicJwk(type, ops, material), settings.enabled(),
                    settings.notBefore(), settings.expires(), now, now, settings.exportable(), settings.tags(),
                    settings.releasePolicy(), masterKey.id(), sealed);
            VersionRow stored = store.inTransaction(h -> {
                repo.insertKey(h, name);
                var key = repo.lockKey(h, name).orElseThrow();
                if (key.deleted()) {
                    throw KmsException.conflict("Key " + name + " is currently in a deleted but recoverable state, and its "
                            + "name cannot be reused; in this state, the key can only be recovered or purged.");
                }
                if (afterSeq != UNCONDITIONAL && repo.latestSeq(h, name).orElse(-1L) != afterSeq) {
                    return null;
                }
                var withSeq = new VersionRow(row.name(), row.version(), key.nextSeq(), row.publicKey(), row.enabled(),
                        row.notBefore(), row.expires(), row.created(), row.updated(), row.exportable(), row.tags(),
                        row.releasePolicy(), row.masterKeyId(), row.sealed());
                repo.insertVersion(h, withSeq);
                repo.setNextSeq(h, name, key.nextSeq() + 1);
                return withSeq;
            });
            return stored == null ? null : bundles.bundle(stored);
        }
    }

    private static String newVersion() {
        byte[] id = new byte[16];
        KeyMaterials.RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    @Override
    public KeyBundle get(String name, String version) {
        return bundles.bundle(usage.activeVersion(name, version));
    }

    @Override
    public Page<KeyBundle> list(Optional<String> continuation, int maxResults) {
        return listings.keys(continuation, maxResults);
    }

    @Override
    public Page<KeyBundle> listVersions(String name, Optional<String> continuation, int maxResults) {
        Checks.name(name);
        if (repo.key(name).filter(k -> !k.deleted()).isEmpty()) {
            throw Checks.keyNotFound(name);
        }
        return listings.versions(name, continuation, maxResults);
    }

    @Override
    public KeyBundle update(String name, String version, KeyUpdate update) {
        Checks.name(name);
        String v = Checks.version(name, version);
        VersionRow updated = store.inTransaction(h -> {
            repo.lockKey(h, name).filter(k -> !k.deleted()).orElseThrow(() -> Checks.keyNotFound(name));
            VersionRow row = repo.version(h, name, v).orElseThrow(() -> Checks.keyNotFound(name + (v == null ? "" : "/" + v)));
            VersionRow next = Updates.apply(row, update, clock.instant());
            repo.updateVersion(h, next);
            return next;
        });
        // The next call re-checks the new row anyway; dropping the material at once keeps a disabled key's
        // material out of memory.
        opened.evict(name);
        return bundles.bundle(updated);
    }

    @Override
    public DeletedKey delete(String name) {
        DeletedKey deleted = softDeletes.delete(name);
        opened.evict(name);
        return deleted;
    }

    @Override
    public DeletedKey getDeleted(String name) {
        return softDeletes.getDeleted(name);
    }

    @Override
    public Page<DeletedKey> listDeleted(Optional<String> continuation, int maxResults) {
        return listings.deleted(continuation, maxResults);
    }

    @Override
    public KeyBundle recover(String name) {
        return softDeletes.recover(name);
    }

    @Override
    public void purge(String name) {
        softDeletes.purge(name);
        opened.evict(name);
    }

    @Override
    public int purgeExpired() {
        var purged = softDeletes.purgeExpired();
        purged.forEach(opened::evict);
        return purged.size();
    }

    @Override
    public void enablePurgeProtection() {
        settings.enablePurgeProtection();
    }

    @Override
    public boolean purgeProtection() {
        return settings.purgeProtection();
    }

    @Override
    public CryptoResult sign(String name, String version, SignatureAlgorithm alg, byte[] digest) {
        return usage.sign(name, version, alg, digest);
    }

    @Override
    public Verification verify(String name, String version, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        return usage.verify(name, version, alg, digest, signature);
    }

    @Override
    public CryptoResult encrypt(String name, String version, CryptoRequest request) {
        return usage.encrypt(name, version, request, false);
    }

    @Override
    public CryptoResult decrypt(String name, String version, CryptoRequest request) {
        return usage.decrypt(name, version, request, false);
    }

    @Override
    public CryptoResult wrapKey(String name, String version, CryptoRequest request) {
        return usage.encrypt(name, version, request, true);
    }

    @Override
    public CryptoResult unwrapKey(String name, String version, CryptoRequest request) {
        return usage.decrypt(name, version, request, true);
    }

    @Override
    public Releasable releasable(String name, String version) {
        VersionRow row = usage.usedVersion(name, version);
        KeyBundle bundle = bundles.bundle(row);
        return new Releasable() {
            @Override
            public KeyBundle bundle() {
                return bundle;
            }

            @Override
            public SecretBytes export() {
                return usage.exportForRelease(row);
            }
        };
    }

    @Override
    public byte[] backup(String name) {
        return backups.backup(name);
    }

    @Override
    public KeyBundle restore(byte[] backup) {
        return backups.restore(backup);
    }

    @Override
    public KeyBundle rotate(String name) {
        return rotations.rotate(name);
    }

    @Override
    public RotationPolicy rotationPolicy(String name) {
        usage.activeVersion(name, null);
        return rotations.policy(name).orElse(RotationPolicy.defaultPolicy());
    }

    @Override
    public RotationPolicy setRotationPolicy(String name, RotationPolicy policy) {
        return rotations.set(name, policy);
    }

    @Override
    public int rotateDue() {
        return rotations.rotateDue();
    }

    @Override
    public byte[] random(int count) {
        if (count < 1 || count > 128) {
            throw KmsException.badParameter("The 'count' parameter must be between 1 and 128.");
        }
        byte[] bytes = new byte[count];
        KeyMaterials.RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public KmsConfig config() {
        return config;
    }

    /** The opened-key cache, for tests in this package. */
    OpenedKeys openedKeys() {
        return opened;
    }


}
