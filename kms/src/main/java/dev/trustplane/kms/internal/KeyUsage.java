package dev.trustplane.kms.internal;

import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.CryptoResult;
import dev.trustplane.kms.JsonWebKey;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.SecretBytes;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.SignatureAlgorithm;
import dev.trustplane.kms.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The crypto operations on a stored version: state checks on the version's row (deleted, disabled, key_ops,
 * nbf/exp) — read through the {@link KeyStateCache}, so at most its freshness old and never older than this
 * process's last write — then the algorithm with the material opened from the master key — for this call only,
 * or reused from {@link OpenedKeys} when the key cache is on (it holds material, never decisions).
 * Public-key operations (verify, RSA encrypt and wrap) use the stored public JWK and never unseal anything.
 */
final class KeyUsage {
    private final KeyRepository repo;
    private final KeyStateCache states;
    private final MasterKeyProvider masterKey;
    private final Clock clock;
    private final OpenedKeys opened;

    KeyUsage(KeyRepository repo, KeyStateCache states, MasterKeyProvider masterKey, Clock clock, OpenedKeys opened) {
        this.repo = repo;
        this.states = states;
        this.masterKey = masterKey;
        this.clock = clock;
        this.opened = opened;
    }

    /** The associated data that binds sealed material to its key name and version. */
    static byte[] associatedData(String name, String version) {
        return ("trustplane-kms-v1/" + name + "/" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** The version ({@code version} null: the latest) of a key that is not deleted, read now; else KeyNotFound. */
    VersionRow activeVersion(String name, String version) {
        return found(name, version, repo::liveVersion);
    }

    /** As {@link #activeVersion}, through the key state cache: the read of the crypto and release paths. */
    VersionRow usedVersion(String name, String version) {
        return found(name, version, states::liveVersion);
    }

    private VersionRow found(String name, String version,
            BiFunction<String, String, Optional<VersionRow>> read) {
        Checks.name(name);
        String v = Checks.version(name, version);
        var live = read.apply(name, v);
        if (live.isPresent()) {
            return live.get();
        }
        // Not found: name what is missing, the key or just this version of it.
        if (repo.key(name).filter(k -> !k.deleted()).isEmpty()) {
            throw Checks.keyNotFound(name);
        }
        throw Checks.keyNotFound(v == null ? name : name + "/" + v);
    }

    CryptoResult sign(String name, String version, SignatureAlgorithm alg, byte[] digest) {
        VersionRow row = usable(name, version, KeyOperation.SIGN);
        return CryptoResult.of(row.name(), row.version(), withKey(row, k -> CryptoOps.sign(k, alg, digest)));
    }

    Verification verify(String name, String version, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        VersionRow row = usable(name, version, KeyOperation.VERIFY);
        if (signature == null) {
            throw KmsException.badParameter("The 'value' parameter (the signature) is required.");
        }
        return new Verification(row.name(), row.version(),
                CryptoOps.verify(publicMaterial(row.publicKey()), alg, digest, signature));
    }

    CryptoResult encrypt(String name, String version, CryptoRequest req, boolean wrap) {
        checkAlgorithm(req, wrap);
        VersionRow row = usable(name, version, wrap ? KeyOperation.WRAP_KEY : KeyOperation.ENCRYPT);
        CryptoOps.EncryptOutput out = row.publicKey().kty().family() == KeyType.Family.OCT
                ? withKey(row, k -> CryptoOps.encrypt(k.material(), req))
                : CryptoOps.encrypt(publicMaterial(row.publicKey()), req);
        return new CryptoResult(row.name(), row.version(), out.value(), out.iv(), out.tag(), out.tag() == null ? null : req.aad());
    }

    CryptoResult decrypt(String name, String version, CryptoRequest req, boolean unwrap) {
        checkAlgorithm(req, unwrap);
        VersionRow row = usable(name, version, unwrap ? KeyOperation.UNWRAP_KEY : KeyOperation.DECRYPT);
        byte[] plain = withKey(row, k -> CryptoOps.decrypt(k, req));
        return new CryptoResult(row.name(), row.version(), plain, req.iv(), req.tag(), req.aad());
    }

    /**
     * The material of {@code row}, as the caller read it, in the release encoding, if the version is exportable and
     * enabled; validity dates do not matter.
     */
    SecretBytes exportForRelease(VersionRow row) {
        if (!row.exportable()) {
            throw KmsException.forbidden("The key " + row.name() + " is not exportable, so it cannot be released.");
        }
        if (!row.enabled()) {
            throw KmsException.forbidden("The key version is disabled and cannot be released.");
        }
        return withKey(row, k -> ExportEncoding.encode(k.material()));
    }

    private static void checkAlgorithm(CryptoRequest req, boolean wrap) {
        if (wrap ? !req.alg().forKeyWrap() : !req.alg().forEncryption()) {
            throw KmsException.badParameter("Algorithm " + req.alg().wire() + " is not supported by "
                    + (wrap ? "wrapkey/unwrapkey." : "encrypt/decrypt."));
        }
    }

    /** The version, if it exists, is enabled, permits {@code op} and is within nbf/exp where {@code op} needs it. */
    private VersionRow usable(String name, String version, KeyOperation op) {
        VersionRow row = usedVersion(name, version);
        if (!row.enabled()) {
            throw KmsException.forbidden("Operation " + op.wire() + " is not allowed on a disabled key.");
        }
        if (!row.publicKey().keyOps().contains(op)) {
            throw KmsException.forbidden("Operation " + op.wire() + " is not permitted by this key's key_ops.");
        }
        if (!op.allowedOutsideValidity() && !row.isWithinValidity(clock.instant())) {
            throw KmsException.forbidden("Operation " + op.wire() + " is not allowed: the key is not yet valid or has expired.");
        }
        return row;
    }

    /** Runs {@code op} with the row's opened key; the caller has checked the row allows the operation. */
    private <T> T withKey(VersionRow row, Function<OpenedKey, T> op) {
        return opened.use(row.name(), row.version(), row.sealed(), () -> open(row), op);
    }

    private OpenedKey open(VersionRow row) {
        byte[] plain = masterKey.open(row.sealed(), associatedData(row.name(), row.version()));
        try {
            return OpenedKey.of(MaterialCodec.decode(plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static KeyMaterial publicMaterial(JsonWebKey key) {
        return switch (key.kty().family()) {
            case RSA -> new KeyMaterial.Rsa(key.n(), key.e(), null, null, null, null, null, null);
            case EC -> new KeyMaterial.Ec(key.crv(), key.x(), key.y(), null);
            case OCT -> throw new IllegalStateException("oct keys have no public part");
        };
    }
}
