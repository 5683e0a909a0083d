package dev.trustplane.kms.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES modes of the keys API through the JCA: GCM (128-bit tag, returned separately from the ciphertext as
 * Key Vault does), CBC without padding (A*CBC: whole blocks only), CBC with PKCS#7 padding (A*CBCPAD),
 * RFC 3394 key wrap (A*KW) and RFC 5649 key wrap with padding (used by secure key release). Failures are
 * {@link GeneralSecurityException}s without detail.
 */
final class AesCiphers {
    static final int GCM_TAG_BYTES = 16;

    private AesCiphers() {}

    /** Returns {ciphertext, tag}. */
    static byte[][] gcmEncrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BYTES * 8, iv));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        byte[] out = cipher.doFinal(plaintext);
        int split = out.length - GCM_TAG_BYTES;
        return new byte[][] {Arrays.copyOfRange(out, 0, split), Arrays.copyOfRange(out, split, out.length)};
    }

    static byte[] gcmDecrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) throws GeneralSecurityException {
        if (tag == null || tag.length != GCM_TAG_BYTES || iv == null || iv.length == 0) {
            throw new GeneralSecurityException("bad GCM parameters");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BYTES * 8, iv));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        byte[] input = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, input, 0, ciphertext.length);
        System.arraycopy(tag, 0, input, ciphertext.length, tag.length);
        return cipher.doFinal(input);
    }

    static byte[] cbc(int mode, boolean padded, byte[] key, byte[] iv, byte[] input) throws GeneralSecurityException {
        if (iv == null || iv.length != 16) {
            throw new GeneralSecurityException("CBC needs a 16-byte IV");
        }
        if (!padded && input.length % 16 != 0) {
            throw new GeneralSecurityException("CBC without padding needs whole blocks");
        }
        if (padded && mode == Cipher.DECRYPT_MODE && (input.length == 0 || input.length % 16 != 0)) {
            // A padded ciphertext is at least one whole block; some providers return "" for "".
            throw new GeneralSecurityException("padded CBC ciphertext must be whole, non-empty blocks");
        }
        Cipher cipher = Cipher.getInstance(padded ? "AES/CBC/PKCS5Padding" : "AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(input);
    }

    /** RFC 3394 wrap: the input must be at least 16 bytes and a multiple of 8. */
    static byte[] wrap(byte[] kek, byte[] keyToWrap) throws GeneralSecurityException {
        if (keyToWrap.length < 16 || keyToWrap.length % 8 != 0) {
            throw new GeneralSecurityException("AES key wrap needs at least 16 bytes in multiples of 8");
        }
        return kw(Cipher.ENCRYPT_MODE, "AES/KW/NoPadding", kek, keyToWrap);
    }

    static byte[] unwrap(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw new GeneralSecurityException("wrapped key has an invalid length");
        }
        return kw(Cipher.DECRYPT_MODE, "AES/KW/NoPadding", kek, wrapped);
    }

    /** RFC 5649 wrap with padding. */
    static byte[] wrapPadded(byte[] kek, byte[] keyToWrap) throws GeneralSecurityException {
        if (keyToWrap.length == 0) {
            throw new GeneralSecurityException("nothing to wrap");
        }
        return kw(Cipher.ENCRYPT_MODE, "AES/KWP/NoPadding", kek, keyToWrap);
    }

    static byte[] unwrapPadded(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
        if (wrapped.length < 16 || wrapped.length % 8 != 0) {
            throw new GeneralSecurityException("wrapped key has an invalid length");
        }
        return kw(Cipher.DECRYPT_MODE, "AES/KWP/NoPadding", kek, wrapped);
    }

    private static byte[] kw(int mode, String transformation, byte[] kek, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(mode, new SecretKeySpec(kek, "AES"));
        try {
            return cipher.doFinal(input);
        } catch (RuntimeException e) {
            // Corretto reports a failed KWP integrity check with an unchecked RuntimeCryptoException.
            throw new GeneralSecurityException("key unwrap failed", e);
        }
    }
}
