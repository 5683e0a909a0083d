package dev.trustplane.server.kms;

import dev.trustplane.kms.CreateKeyOptions;
import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.CryptoResult;
import dev.trustplane.kms.DeletedKey;
import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeySettings;
import dev.trustplane.kms.KeyUpdate;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.Page;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.kms.Verification;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.server.auth.AuditTrail;
import dev.trustplane.server.auth.Principal;
import io.helidon.webserver.http.ServerRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Kms} that records every key operation on the ledger through the {@link DecisionLog}: the lifecycle and
 * administrative ones — create, import, update (which parts changed; a release policy by its SHA-256), delete,
 * purge, recover, backup, restore, rotate, rotation-policy changes, purge protection, and what the maintenance
 * scheduler purged or rotated — and every use of a key: sign, verify, encrypt, decrypt, wrapkey, unwrapkey (with
 * the algorithm), as Managed HSM's audit log does, so an auditor can answer "who decrypted with this key, and
 * when". A crypto operation the key refuses (disabled, outside its validity, operation not permitted) is recorded
 * as a refusal. Reads (get, list, rotation policy, random bytes) are not recorded. Secure key release records its
 * own decision. Authorization refusals (403 before the KMS is called) are recorded by the routes, see
 * {@link AuditTrail#forbidden}.
 *
 * <p>Each record is {@code {"type": "key.<operation>", "keyName", "keyVersion", "outcome", "caller",
 * "callerRole"}}: the outcome is {@code succeeded} or the Key Vault error code of the refusal; the caller is the
 * bearer token's public id and role (bound per request by {@link #asCaller}), or {@code system} for the
 * scheduler. Never key material, digests, plaintexts, ciphertexts, policies' contents or tokens.
 *
 * <p>The record is appended after the operation, so it states what happened. If the ledger cannot take it, a
 * lifecycle change has nevertheless happened: the caller gets 503 {@code DecisionLogUnavailable} saying so and the
 * operator an ERROR log line with the same facts, to reconcile — an unrecorded change is never silent. The result
 * of a crypto operation is withheld instead (the same 503): nobody gets a signature or a plaintext the ledger does
 * not know about. A refusal that cannot be recorded stays the refusal it was (nothing changed), with the ERROR line.
 */
public final class AuditedKms implements Kms {
    private static final ScopedValue<Principal> CALLER = ScopedValue.newInstance();

    private final Kms kms;
    private final AuditTrail trail;

    private AuditedKms(Kms kms, DecisionLog log) {
        this.kms = kms;
        this.trail = new AuditTrail(log);
    }

    /** {@code kms} with its lifecycle operations recorded in {@code log}. */
    public static Kms wrap(Kms kms, DecisionLog log) {
        return new AuditedKms(kms, log);
    }

    /** Runs {@code call} with the request's authenticated caller as the actor of any record it makes. */
    static void asCaller(ServerRequest req, Runnable call) {
        Optional<Principal> principal = req.context().get(Principal.class, Principal.class);
        if (principal.isEmpty()) {
            call.run();
        } else {
            ScopedValue.where(CALLER, principal.get()).run(call);
        }
    }

    @Override
    public KeyBundle create(String name, CreateKeyOptions options) {
        return audited("create", name, () -> kms.create(name, options), KeyBundle::version,
                Map.of("kty", options.kty().wire()));
    }

    @Override
    public KeyBundle importKey(String name, KeyMaterial material, boolean hsm, KeySettings settings) {
        return audited("import", name, () -> kms.importKey(name, material, hsm, settings), KeyBundle::version, Map.of());
    }

    @Override
    public KeyBundle update(String name, String version, KeyUpdate update) {
        Map<String, Object> details = new LinkedHashMap<>();
        List<Object> changed = new ArrayList<>();
        update.keyOps().ifPresent(v -> changed.add("key_ops"));
        update.enabled().ifPresent(v -> changed.add("enabled"));
        update.notBefore().ifPresent(v -> changed.add("nbf"));
        update.expires().ifPresent(v -> changed.add("exp"));
        update.tags().ifPresent(v -> changed.add("tags"));
        update.releasePolicy().ifPresent(p -> {
            changed.add("release_policy");
            details.put("releasePolicySha256", sha256(p.data()));
            details.put("releasePolicyImmutable", p.immutable());
        });
        details.put("changed", changed);
        return audited("update", name, () -> kms.update(name, version, update), KeyBundle::version, details);
    }

    @Override
    public DeletedKey delete(String name) {
        return audited("delete", name, () -> kms.delete(name), d -> d.key().version(), Map.of());
    }

    @Override
    public KeyBundle recover(String name) {
        return audited("recover", name, () -> kms.recover(name), KeyBundle::version, Map.of());
    }

    @Override
    public void purge(String name) {
        audited("purge", name, () -> {
            kms.purge(name);
            return null;
        }, none -> null, Map.of());
    }

    @Override
    public int purgeExpired() {
        int purged = kms.purgeExpired();
        if (purged > 0) {
            record("purge-expired", null, null, "succeeded", Map.of("count", purged));
        }
        return purged;
    }

    @Override
    public void enablePurgeProtection() {
        audited("purge-protection", null, () -> {
            kms.enablePurgeProtection();
            return null;
        }, none -> null, Map.of("enabled", true));
    }

    /** Not recorded here: secure key release records its own decision (with the token and policy) before exporting. */
    @Override
    public Releasable releasable(String name, String version) {
        return kms.releasable(name, version);
    }

    @Override
    public byte[] backup(String name) {
        return audited("backup", name, () -> kms.backup(name), none -> null, Map.of());
    }

    @Override
    public KeyBundle restore(byte[] backup) {
        return audited("restore", null, () -> kms.restore(backup), KeyBundle::version, Map.of());
    }

    @Override
    public KeyBundle rotate(String name) {
        return audited("rotate", name, () -> kms.rotate(name), KeyBundle::version, Map.of());
    }

    @Override
    public RotationPolicy setRotationPolicy(String name, RotationPolicy policy) {
        return audited("rotation-policy", name, () -> kms.setRotationPolicy(name, policy), none -> null,
                Map.of("lifetimeActions", policy.lifetimeActions().size()));
    }

    @Override
    public int rotateDue() {
        int rotated = kms.rotateDue();
        if (rotated > 0) {
            record("rotate-due", null, null, "succeeded", Map.of("count", rotated));
        }
        return rotated;
    }

    /** Runs {@code call} and records its outcome; a refusal is recorded and rethrown unchanged. */
    private <T> T audited(String operation, String name, Supplier<T> call, Function<T, String> versionOf,
            Map<String, Object> details) {
        T result;
        try {
            result = call.get();
        } catch (KmsException e) {
            trail.refused("key." + operation, fields(name, null, e.code().wire(), details));
            throw e;
        }
        String keyName = name == null && result instanceof KeyBundle bundle ? bundle.name() : name;
        record(operation, keyName, versionOf.apply(result), "succeeded", details);
        return result;
    }

    /**
     * Runs a crypto operation and records it: done (with the version that did it), or refused by the key
     * (disabled, outside nbf/exp, operation not in key_ops: Key Vault's 403). A missing key or a malformed request
     * is no use of a key and is not recorded.
     */
    private <T> T used(String operation, String name, String version, String alg, Supplier<T> call,
            Function<T, String> versionOf) {
        T result;
        try {
            result = call.get();
        } catch (KmsException e) {
            if (e.code() == KmsException.Code.FORBIDDEN) {
                trail.refused("key." + operation, fields(name, version, e.code().wire(), Map.of("alg", alg)));
            }
            throw e;
        }
        trail.used("key." + operation, fields(name, versionOf.apply(result), "succeeded", Map.of("alg", alg)),
                operation);
        return result;
    }

    private void record(String operation, String name, String version, String outcome, Map<String, Object> details) {
        trail.changed("key." + operation, fields(name, version, outcome, details), operation);
    }

    private static Map<String, Object> fields(String name, String version, String outcome, Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("keyName", AuditTrail.bounded(name));
        fields.put("keyVersion", AuditTrail.bounded(version));
        fields.put("outcome", outcome);
        fields.putAll(AuditTrail.caller(CALLER.isBound() ? CALLER.get() : null));
        fields.putAll(details);
        return fields;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // Reads: no record.

    @Override
    public KeyBundle get(String name, String version) {
        return kms.get(name, version);
    }

    @Override
    public Page<KeyBundle> list(Optional<String> continuation, int maxResults) {
        return kms.list(continuation, maxResults);
    }

    @Override
    public Page<KeyBundle> listVersions(String name, Optional<String> continuation, int maxResults) {
        return kms.listVersions(name, continuation, maxResults);
    }

    @Override
    public DeletedKey getDeleted(String name) {
        return kms.getDeleted(name);
    }

    @Override
    public Page<DeletedKey> listDeleted(Optional<String> continuation, int maxResults) {
        return kms.listDeleted(continuation, maxResults);
    }

    @Override
    public boolean purgeProtection() {
        return kms.purgeProtection();
    }

    @Override
    public CryptoResult sign(String name, String version, SignatureAlgorithm alg, byte[] digest) {
        return used("sign", name, version, alg.name(), () -> kms.sign(name, version, alg, digest), CryptoResult::version);
    }

    @Override
    public Verification verify(String name, String version, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        return used("verify", name, version, alg.name(), () -> kms.verify(name, version, alg, digest, signature),
                Verification::version);
    }

    @Override
    public CryptoResult encrypt(String name, String version, CryptoRequest request) {
        return used("encrypt", name, version, request.alg().wire(), () -> kms.encrypt(name, version, request),
                CryptoResult::version);
    }

    @Override
    public CryptoResult decrypt(String name, String version, CryptoRequest request) {
        return used("decrypt", name, version, request.alg().wire(), () -> kms.decrypt(name, version, request),
                CryptoResult::version);
    }

    @Override
    public CryptoResult wrapKey(String name, String version, CryptoRequest request) {
        return used("wrapkey", name, version, request.alg().wire(), () -> kms.wrapKey(name, version, request),
                CryptoResult::version);
    }

    @Override
    public CryptoResult unwrapKey(String name, String version, CryptoRequest request) {
        return used("unwrapkey", name, version, request.alg().wire(), () -> kms.unwrapKey(name, version, request),
                CryptoResult::version);
    }

    @Override
    public RotationPolicy rotationPolicy(String name) {
        return kms.rotationPolicy(name);
    }

    @Override
    public byte[] random(int count) {
        return kms.random(count);
    }

    @Override
    public KmsConfig config() {
        return kms.config();
    }
}
