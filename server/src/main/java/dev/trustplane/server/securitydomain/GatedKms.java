package dev.trustplane.server.securitydomain;

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
import dev.trustplane.kms.Page;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.kms.Verification;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.Status;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The KMS of a server whose security domain may not be activated yet: every operation goes to the KMS opened at
 * activation, and before that is refused with 503 {@code ServiceUnavailable} naming the activation calls. The
 * periodic maintenance (purge, rotation) has nothing to act on before activation and does nothing.
 */
final class GatedKms implements Kms {
    static final String NOT_ACTIVATED = "The security domain of this server is not activated: an Administrator must "
            + "activate it with POST /securitydomain/download (a new domain) or recover it with GET and POST "
            + "/securitydomain/upload (an existing one) before any key operation.";

    private final Supplier<Kms> active;
    private final KmsConfig config;

    GatedKms(Supplier<Kms> active, KmsConfig config) {
        this.active = active;
        this.config = config;
    }

    private Kms kms() {
        Kms kms = active.get();
        if (kms == null) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "ServiceUnavailable", NOT_ACTIVATED);
        }
        return kms;
    }

    @Override public KeyBundle create(String name, CreateKeyOptions options) { return kms().create(name, options); }
    @Override public KeyBundle importKey(String name, KeyMaterial material, boolean hsm, KeySettings settings) {
        Kms kms = active.get();
        if (kms == null) {
            material.close(); // the contract: the imported material is destroyed whatever the outcome
        }
        return kms().importKey(name, material, hsm, settings);
    }
    @Override public KeyBundle get(String name, String version) { return kms().get(name, version); }
    @Override public Page<KeyBundle> list(Optional<String> continuation, int maxResults) { return kms().list(continuation, maxResults); }
    @Override public Page<KeyBundle> listVersions(String name, Optional<String> continuation, int maxResults) {
        return kms().listVersions(name, continuation, maxResults);
    }
    @Override public KeyBundle update(String name, String version, KeyUpdate update) { return kms().update(name, version, update); }
    @Override public DeletedKey delete(String name) { return kms().delete(name); }
    @Override public DeletedKey getDeleted(String name) { return kms().getDeleted(name); }
    @Override public Page<DeletedKey> listDeleted(Optional<String> continuation, int maxResults) {
        return kms().listDeleted(continuation, maxResults);
    }
    @Override public KeyBundle recover(String name) { return kms().recover(name); }
    @Override public void purge(String name) { kms().purge(name); }
    @Override public int purgeExpired() { Kms kms = active.get(); return kms == null ? 0 : kms.purgeExpired(); }
    @Override public void enablePurgeProtection() { kms().enablePurgeProtection(); }
    @Override public boolean purgeProtection() { return kms().purgeProtection(); }
    @Override public CryptoResult sign(String name, String version, SignatureAlgorithm alg, byte[] digest) {
        return kms().sign(name, version, alg, digest);
    }
    @Override public Verification verify(String name, String version, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        return kms().verify(name, version, alg, digest, signature);
    }
    @Override public CryptoResult encrypt(String name, String version, CryptoRequest request) { return kms().encrypt(name, version, request); }
    @Override public CryptoResult decrypt(String name, String version, CryptoRequest request) { return kms().decrypt(name, version, request); }
    @Override public CryptoResult wrapKey(String name, String version, CryptoRequest request) { return kms().wrapKey(name, version, request); }
    @Override public CryptoResult unwrapKey(String name, String version, CryptoRequest request) { return kms().unwrapKey(name, version, request); }
    @Override public Releasable releasable(String name, String version) { return kms().releasable(name, version); }
    @Override public byte[] backup(String name) { return kms().backup(name); }
    @Override public KeyBundle restore(byte[] backup) { return kms().restore(backup); }
    @Override public KeyBundle rotate(String name) { return kms().rotate(name); }
    @Override public RotationPolicy rotationPolicy(String name) { return kms().rotationPolicy(name); }
    @Override public RotationPolicy setRotationPolicy(String name, RotationPolicy policy) { return kms().setRotationPolicy(name, policy); }
    @Override public int rotateDue() { Kms kms = active.get(); return kms == null ? 0 : kms.rotateDue(); }
    @Override public byte[] random(int count) { return kms().random(count); }
    @Override public KmsConfig config() { return config; }
}
