package dev.trustplane.kms.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * The ciphertext of a release (and BYOK) envelope: RSA-OAEP of a fresh AES-256 key under the transfer key,
 * followed by that AES key's RFC 5649 wrap of the material. Public only for {@code kms.release}; it reuses the
 * KMS's cipher helpers so there is one implementation of each primitive.
 */
public final class ReleaseWrapping {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReleaseWrapping() {}

    /** {@code RSA-OAEP(oaepHash)(k) ‖ AES-KWP(k, material)} for a fresh 256-bit {@code k}, zeroed afterwards. */
    public static byte[] wrap(RSAPublicKey transferKey, String oaepHash, byte[] material) throws GeneralSecurityException {
        byte[] aesKey = new byte[32];
        RANDOM.nextBytes(aesKey);
        try {
            byte[] head = RsaCiphers.encryptOaep(transferKey, oaepHash, null, aesKey);
            byte[] tail = AesCiphers.wrapPadded(aesKey, material);
            byte[] out = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, out, head.length, tail.length);
            return out;
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }
}
