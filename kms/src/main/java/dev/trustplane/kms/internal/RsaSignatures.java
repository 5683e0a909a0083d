package dev.trustplane.kms.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * RSASSA-PKCS1-v1_5 and RSASSA-PSS over a digest the client computed (Key Vault's RS* and PS*).
 *
 * <p>Why by hand: the JCA's {@code SHA256withRSA} and {@code RSASSA-PSS} hash the message themselves and
 * offer no "pre-hashed" form for PSS. So we build the encoded message (RFC 8017 §9.2 EMSA-PKCS1-v1_5 and
 * §9.1 EMSA-PSS with MGF1 over the same hash and salt length = hash length, as Key Vault does) and use the
 * provider only for the raw private operation. Verification recomputes the expected encoding and compares
 * in constant time (PKCS#1) or runs EMSA-PSS-VERIFY with every check of §9.1.2; any malformed signature
 * is simply "false". Every signature is checked against faults before it is returned ({@link Rsa#signatureOp}),
 * so a CRT fault cannot leak the key.
 */
final class RsaSignatures {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RsaSignatures() {}

    /** The DER DigestInfo prefix for a SHA-2 hash (RFC 8017 §9.2 note 1). */
    static byte[] digestInfoPrefix(String hash) {
        return HEX.parseHex(switch (hash) {
            case "SHA-256" -> "3031300d060960864801650304020105000420";
            case "SHA-384" -> "3041300d060960864801650304020205000430";
            case "SHA-512" -> "3051300d060960864801650304020305000440";
            default -> throw new IllegalArgumentException("no DigestInfo for " + hash);
        });
    }

    /** Signs with {@code key}; {@code pub} is its public half, for the self-check. */
    static byte[] signPkcs1(RSAPrivateCrtKey key, RSAPublicKey pub, String hash, byte[] digest) throws GeneralSecurityException {
        byte[] em = pkcs1Encoding(hash, digest, Rsa.modulusBytes(pub.getModulus()));
        return Rsa.signatureOp(key, pub, em);
    }

    static boolean verifyPkcs1(RSAPublicKey key, String hash, byte[] digest, byte[] signature) {
        byte[] em = Rsa.publicOp(key, signature);
        int k = Rsa.modulusBytes(key.getModulus());
        return em != null && MessageDigest.isEqual(em, pkcs1Encoding(hash, digest, k));
    }

    private static byte[] pkcs1Encoding(String hash, byte[] digest, int k) {
        byte[] prefix = digestInfoPrefix(hash);
        int tLen = prefix.length + digest.length;
        if (k < tLen + 11) {
            throw new IllegalArgumentException("modulus too short");
        }
        byte[] em = new byte[k];
        em[1] = 0x01;
        Arrays.fill(em, 2, k - tLen - 1, (byte) 0xff);
        System.arraycopy(prefix, 0, em, k - tLen, prefix.length);
        System.arraycopy(digest, 0, em, k - digest.length, digest.length);
        return em;
    }

    static byte[] signPss(RSAPrivateCrtKey key, RSAPublicKey pub, String hash, byte[] digest) throws GeneralSecurityException {
        int modBits = pub.getModulus().bitLength();
        byte[] salt = new byte[digest.length];
        RANDOM.nextBytes(salt);
        byte[] em = pssEncode(hash, digest, salt, modBits - 1);
        int k = Rsa.modulusBytes(pub.getModulus());
        byte[] input = em.length == k ? em : Unsigned.fixed(Unsigned.of(em), k);
        return Rsa.signatureOp(key, pub, input);
    }

    static boolean verifyPss(RSAPublicKey key, String hash, byte[] digest, byte[] signature) {
        byte[] m = Rsa.publicOp(key, signature);
        if (m == null) {
            return false;
        }
        int emBits = key.getModulus().bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        // m < 2^emBits must hold; with k = emLen + 1 the first byte of m must be zero.
        for (int i = 0; i < m.length - emLen; i++) {
            if (m[i] != 0) {
                return false;
            }
        }
        byte[] em = Arrays.copyOfRange(m, m.length - emLen, m.length);
        try {
            return pssVerify(hash, digest, em, emBits);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with MGF1 over {@code hash}. */
    static byte[] pssEncode(String hash, byte[] mHash, byte[] salt, int emBits) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance(hash);
        int hLen = md.getDigestLength();
        int emLen = (emBits + 7) / 8;
        if (mHash.length != hLen || emLen < hLen + salt.length + 2) {
            throw new IllegalArgumentException("encoding error");
        }
        md.update(new byte[8]);
        md.update(mHash);
        byte[] h = md.digest(salt);
        byte[] db = new byte[emLen - hLen - 1];
        db[db.length - salt.length - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - salt.length, salt.length);
        xor(db, mgf1(hash, h, db.length));
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xbc;
        return em;
    }

    /** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with salt length = hash length. */
    static boolean pssVerify(String hash, byte[] mHash, byte[] em, int emBits) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance(hash);
        int hLen = md.getDigestLength();
        int sLen = hLen;
        int emLen = em.length;
        if (mHash.length != hLen || emLen < hLen + sLen + 2 || em[emLen - 1] != (byte) 0xbc) {
            return false;
        }
        byte[] db = Arrays.copyOfRange(em, 0, emLen - hLen - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        int topBits = 8 * emLen - emBits;
        if (topBits > 0 && (db[0] & (0xff << (8 - topBits))) != 0) {
            return false;
        }
        xor(db, mgf1(hash, h, db.length));
        db[0] &= (byte) (0xff >>> topBits);
        int psLen = emLen - hLen - sLen - 2;
        for (int i = 0; i < psLen; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[psLen] != 0x01) {
            return false;
        }
        md.update(new byte[8]);
        md.update(mHash);
        md.update(db, db.length - sLen, sLen);
        return MessageDigest.isEqual(h, md.digest());
    }

    static byte[] mgf1(String hash, byte[] seed, int length) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance(hash);
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            md.update(seed);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = md.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static void xor(byte[] target, byte[] mask) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= mask[i];
        }
    }
}
