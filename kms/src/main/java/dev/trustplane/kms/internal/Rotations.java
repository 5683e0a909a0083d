package dev.trustplane.kms.internal;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Rotation: on demand ({@link #rotate}) and by policy ({@link #rotateDue}). A rotation creates a new version
 * like the latest (type, size, curve, key_ops, tags, exportability and release policy), valid for the
 * policy's {@code expiryTime} if one is set. The policy's Rotate trigger is evaluated against the latest
 * version: {@code timeAfterCreate} after its creation, or {@code timeBeforeExpiry} before its expiry.
 */
final class Rotations {
    static final Period MIN_ROTATE_AFTER = Period.ofDays(7);
    static final Period MIN_EXPIRY = Period.ofDays(28);

    private final Store store;
    private final KeyRepository repo;
    private final KeyUsage usage;
    private final MasterKeyProvider masterKey;
    private final Clock clock;
    private final BiFunction<String, CreateKeyOptions, KeyBundle> create;
    private final ConditionalCreate createAfter;

    /** Creates a version of a key only while its newest version is still the one numbered {@code afterSeq}. */
    @FunctionalInterface
    interface ConditionalCreate {
        Optional<KeyBundle> create(String name, CreateKeyOptions options, long afterSeq);
    }

    Rotations(Store store, KeyRepository repo, KeyUsage usage, MasterKeyProvider masterKey, Clock clock,
            BiFunction<String, CreateKeyOptions, KeyBundle> create, ConditionalCreate createAfter) {
        this.store = store;
        this.repo = repo;
        this.usage = usage;
        this.masterKey = masterKey;
        this.clock = clock;
        this.create = create;
        this.createAfter = createAfter;
    }

    KeyBundle rotate(String name) {
        return rotate(name, usage.activeVersion(name, null), false).orElseThrow();
    }

    /**
     * A new version like {@code latest}; when {@code onlyIfLatest}, only while {@code latest} is still the newest
     * version (so a due rotation acted on by two servers at once adds one version).
     */
    private Optional<KeyBundle> rotate(String name, VersionRow latest, boolean onlyIfLatest) {
        int size;
        byte[] plain = masterKey.open(latest.sealed(), KeyUsage.associatedData(latest.name(), latest.version()));
        try (KeyMaterial material = MaterialCodec.decode(plain)) {
            size = KeyMaterials.sizeBits(material);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        var key = latest.publicKey();
        Optional<Instant> exp = policy(name).flatMap(RotationPolicy::expiryTime)
                .map(p -> clock.instant().atOffset(ZoneOffset.UTC).plus(p).toInstant());
        var settings = new KeySettings(key.keyOps(), true, Optional.empty(), exp, latest.exportable(), latest.tags(),
                latest.releasePolicy());
        var options = new CreateKeyOptions(key.kty(), key.kty().family() == dev.trustplane.kms.KeyType.Family.EC ? 0 : size,
                0, key.crv(), settings);
        return onlyIfLatest ? createAfter.create(name, options, latest.seq()) : Optional.of(create.apply(name, options));
    }

    Optional<RotationPolicy> policy(String name) {
        return repo.rotationPolicy(name);
    }

    RotationPolicy set(String name, RotationPolicy policy) {
        usage.activeVersion(name, null);
        validate(policy);
        long now = clock.instant().getEpochSecond();
        store.useTransaction(h -> {
            if (policy.lifetimeActions().isEmpty() && policy.expiryTime().isEmpty()) {
                repo.deleteRotationPolicy(h, name);
            } else {
                repo.putRotationPolicy(h, name, PolicyJson.write(policy), now);
            }
        });
        return repo.rotationPolicy(name).orElse(policy);
    }

    int rotateDue() {
        int rotated = 0;
        Instant now = clock.instant();
        for (String name : repo.namesWithRotationPolicy()) {
            var action = policy(name).flatMap(RotationPolicy::rotateAction);
            var latest = repo.version(name, null);
            if (action.isEmpty() || latest.isEmpty()) {
                continue;
            }
            Optional<Instant> due = action.get().timeAfterCreate()
                    .map(p -> latest.get().created().atOffset(ZoneOffset.UTC).plus(p).toInstant())
                    .or(() -> latest.get().expires().flatMap(exp -> action.get().timeBeforeExpiry()
                            .map(p -> exp.atOffset(ZoneOffset.UTC).minus(p).toInstant())));
            if (due.isPresent() && !now.isBefore(due.get()) && rotate(name, latest.get(), true).isPresent()) {
                rotated++;
            }
        }
        return rotated;
    }

    private static void validate(RotationPolicy policy) {
        if (policy.lifetimeActions().size() > 2 || policy.lifetimeActions().stream().map(RotationPolicy.LifetimeAction::type)
                .distinct().count() != policy.lifetimeActions().size()) {
            throw KmsException.badParameter("A rotation policy has at most one Rotate and one Notify action.");
        }
        policy.expiryTime().ifPresent(p -> {
            if (days(p) < days(MIN_EXPIRY)) {
                throw KmsException.badParameter("expiryTime must be at least P28D.");
            }
        });
        policy.rotateAction().flatMap(RotationPolicy.LifetimeAction::timeAfterCreate).ifPresent(p -> {
            if (days(p) < days(MIN_ROTATE_AFTER)) {
                throw KmsException.badParameter("timeAfterCreate of the Rotate action must be at least P7D.");
            }
        });
        for (var action : policy.lifetimeActions()) {
            action.timeBeforeExpiry().ifPresent(p -> {
                if (policy.expiryTime().isEmpty() || days(p) >= days(policy.expiryTime().get())) {
                    throw KmsException.badParameter("timeBeforeExpiry needs an expiryTime longer than it.");
                }
            });
        }
    }

    /** Approximate length of a period in days, for minimum checks (months as 30 days, years as 365). */
    private static long days(Period p) {
        return p.getYears() * 365L + p.getMonths() * 30L + p.getDays();
    }
}
