package dev.trustplane.kms.internal;

import dev.trustplane.kms.CryptoRequest;
import dev.trustplane.kms.EncryptionAlgorithm;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Runs one algorithm with one key's material, after {@link DefaultKms} checked the key's state. Pins the
 * algorithm to the key: family, AES size, curve and digest length must all match, else BadParameter.
 * Cryptographic failures (bad padding, bad tag, wrong length) become one uniform BadParameter message per
 * operation, so callers learn nothing about where decryption failed.
 */
final class CryptoOps {
    static final int GCM_IV_BYTES = 12;

    private CryptoOps() {}

    static byte[] sign(OpenedKey key, SignatureAlgorithm alg, byte[] digest) {
        KeyMaterial m = key.material();
        checkSignature(m, alg, digest);
        try {
            return switch (m) {
                case KeyMaterial.Rsa r -> alg.isPss()
                        ? RsaSignatures.signPss(key.rsaPrivate(), key.rsaPublic(), alg.hash(), digest)
                        : RsaSignatures.signPkcs1(key.rsaPrivate(), key.rsaPublic(), alg.hash(), digest);
                case KeyMaterial.Ec e -> e.crv() == dev.trustplane.kms.Curve.P_256K
                        ? Secp256k1.sign(e.d(), digest)
                        : EcSignatures.sign(key.ecPrivate(), key.ecPublic(), e.crv(), digest);
                case KeyMaterial.Oct o -> throw new IllegalStateException("unreachable");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    static boolean verify(KeyMaterial m, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        checkSignature(m, alg, digest);
        try {
            return switch (m) {
                case KeyMaterial.Rsa r -> {
                    RSAPublicKey key = Rsa.publicKey(r.n(), r.e());
                    yield alg.isPss() ? RsaSignatures.verifyPss(key, alg.hash(), digest, signature)
                            : RsaSignatures.verifyPkcs1(key, alg.hash(), digest, signature);
                }
                case KeyMaterial.Ec e -> EcSignatures.verify(e.crv(), e.x(), e.y(), digest, signature);
                case KeyMaterial.Oct o -> throw new IllegalStateException("unreachable");
            };
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkSignature(KeyMaterial m, SignatureAlgorithm alg, byte[] digest) {
        boolean familyOk = switch (m) {
            case KeyMaterial.Rsa r -> alg.family() == dev.trustplane.kms.KeyType.Family.RSA;
            case KeyMaterial.Ec e -> alg.curve() == e.crv();
            case KeyMaterial.Oct o -> false;
        };
        if (!familyOk) {
            throw KmsException.badParameter("Algorithm " + alg.name() + " cannot be used with this key"
                    + (m instanceof KeyMaterial.Ec e ? " (curve " + e.crv().wire() + ")." : "."));
        }
        if (digest == null || digest.length != alg.digestLength()) {
            throw KmsException.badParameter("The digest for " + alg.name() + " must be " + alg.digestLength() + " bytes.");
        }
    }

    /** Encrypt or wrap; for GCM and CBC the IV is generated here unless a CBC IV was given. */
    static EncryptOutput encrypt(KeyMaterial m, CryptoRequest req) {
        EncryptionAlgorithm alg = req.alg();
        checkCipher(m, alg);
        try {
            return switch (alg.mode()) {
                case RSA -> new EncryptOutput(rsaEncrypt((KeyMaterial.Rsa) m, alg, req.value()), null, null);
                case GCM -> {
                    if (req.iv() != null || req.tag() != null) {
                        throw KmsException.badParameter("For " + alg.wire() + " the service generates the IV; do not send 'iv' or 'tag'.");
                    }
                    byte[] iv = new byte[GCM_IV_BYTES];
                    KeyMaterials.RANDOM.nextBytes(iv);
                    byte[][] out = withKey((KeyMaterial.Oct) m, k -> AesCiphers.gcmEncrypt(k, iv, req.aad(), req.value()));
                    yield new EncryptOutput(out[0], iv, out[1]);
                }
                case CBC, CBCPAD -> {
                    noAadOrTag(req);
                    byte[] iv = req.iv() != null ? req.iv() : random(16);
                    byte[] out = withKey((KeyMaterial.Oct) m,
                            k -> AesCiphers.cbc(Cipher.ENCRYPT_MODE, alg.mode() == EncryptionAlgorithm.Mode.CBCPAD, k, iv, req.value()));
                    yield new EncryptOutput(out, iv, null);
                }
                case KW -> {
                    noAadOrTag(req);
                    if (req.iv() != null) {
                        throw KmsException.badParameter("'iv' is not used by " + alg.wire() + ".");
                    }
                    yield new EncryptOutput(withKey((KeyMaterial.Oct) m, k -> AesCiphers.wrap(k, req.value())), null, null);
                }
            };
        } catch (GeneralSecurityException e) {
            throw KmsException.badParameter("The value cannot be encrypted with " + alg.wire()
                    + " (check its length for this algorithm and key).");
        }
    }

    /** Decrypt or unwrap. */
    static byte[] decrypt(OpenedKey key, CryptoRequest req) {
        KeyMaterial m = key.material();
        EncryptionAlgorithm alg = req.alg();
        checkCipher(m, alg);
        try {
            return switch (alg.mode()) {
                case RSA -> rsaDecrypt(key.rsaPrivate(), alg, req.value());
                case GCM -> {
                    if (req.iv() == null || req.tag() == null) {
                        throw KmsException.badParameter(alg.wire() + " decryption needs 'iv' and 'tag'.");
                    }
                    yield withKey((KeyMaterial.Oct) m, k -> AesCiphers.gcmDecrypt(k, req.iv(), req.aad(), req.value(), req.tag()));
                }
                case CBC, CBCPAD -> {
                    noAadOrTag(req);
                    if (req.iv() == null) {
                        throw KmsException.badParameter(alg.wire() + " decryption needs 'iv'.");
                    }
                    yield withKey((KeyMaterial.Oct) m, k -> AesCiphers.cbc(Cipher.DECRYPT_MODE,
                            alg.mode() == EncryptionAlgorithm.Mode.CBCPAD, k, req.iv(), req.value()));
                }
                case KW -> {
                    noAadOrTag(req);
                    yield withKey((KeyMaterial.Oct) m, k -> AesCiphers.unwrap(k, req.value()));
                }
            };
        } catch (GeneralSecurityException e) {
            throw KmsException.badParameter("The value cannot be decrypted with " + alg.wire() + " and this key.");
        }
    }

    private static byte[] rsaEncrypt(KeyMaterial.Rsa r, EncryptionAlgorithm alg, byte[] value) throws GeneralSecurityException {
        RSAPublicKey key = Rsa.publicKey(r.n(), r.e());
        return switch (alg) {
            case RSA_OAEP -> RsaCiphers.encryptOaep(key, "SHA-1", null, value);
            case RSA_OAEP_256 -> RsaCiphers.encryptOaep(key, "SHA-256", null, value);
            default -> RsaCiphers.encryptPkcs1(key, value);
        };
    }

    private static byte[] rsaDecrypt(RSAPrivateCrtKey key, EncryptionAlgorithm alg, byte[] value) throws GeneralSecurityException {
        return switch (alg) {
            case RSA_OAEP -> RsaCiphers.decryptOaep(key, "SHA-1", null, value);
            case RSA_OAEP_256 -> RsaCiphers.decryptOaep(key, "SHA-256", null, value);
            default -> RsaCiphers.decryptPkcs1(key, value);
        };
    }

    private static void checkCipher(KeyMaterial m, EncryptionAlgorithm alg) {
        boolean ok = switch (m) {
            case KeyMaterial.Rsa r -> alg.mode() == EncryptionAlgorithm.Mode.RSA;
            case KeyMaterial.Oct o -> alg.mode() != EncryptionAlgorithm.Mode.RSA && o.k().length() * 8 == alg.aesKeyBits();
            case KeyMaterial.Ec e -> false;
        };
        if (!ok) {
            throw KmsException.badParameter("Algorithm " + alg.wire() + " cannot be used with this key"
                    + (m instanceof KeyMaterial.Oct o ? " (a " + o.k().length() * 8 + "-bit AES key)." : "."));
        }
    }

    private static void noAadOrTag(CryptoRequest req) {
        if (req.aad() != null || req.tag() != null) {
            throw KmsException.badParameter("'aad' and 'tag' are only used by the GCM algorithms.");
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        KeyMaterials.RANDOM.nextBytes(bytes);
        return bytes;
    }

    private interface WithKey<T> {
        T apply(byte[] key) throws GeneralSecurityException;
    }

    /** Runs {@code op} with a copy of the AES key and zeroes the copy afterwards. */
    private static <T> T withKey(KeyMaterial.Oct oct, WithKey<T> op) throws GeneralSecurityException {
        byte[] k = oct.k().copy();
        try {
            return op.apply(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Ciphertext plus the IV and tag a GCM/CBC encryption produced. */
    record EncryptOutput(byte[] value, byte[] iv, byte[] tag) {}
}
