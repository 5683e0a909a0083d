package dev.trustplane.agent.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption: every object gets its own AES-256 data key; the data key is wrapped by a key-encryption key
 * (a released key) and travels with the ciphertext. Rotating the key-encryption key re-wraps data keys without
 * touching the data ({@link #rewrap}).
 *
 * <p>Format, version 1 (all integers big-endian):
 * <pre>
 *  0      4  magic and version: 'T' 'P' 'E' 0x01
 *  4      1  L = length of the key-encryption key id (1..255)
 *  5      L  key-encryption key id, UTF-8
 *  5+L    1  wrap algorithm: 1 = A256KW (RFC 3394), 2 = RSA-OAEP-256
 *  6+L    2  W = length of the wrapped data key (1..1024)
 *  8+L    W  wrapped data key (32 bytes of AES-256 key before wrapping)
 *  8+L+W 12  AES-GCM nonce (random)
 *  20+L+W    AES-256-GCM ciphertext followed by its 16-byte tag
 * </pre>
 * The GCM associated data is the 4 magic/version bytes followed by the caller's associated data (e.g.
 * {@code table/row/column}), so a ciphertext moved to another row or column does not open. The key id and the
 * wrapped key are deliberately outside the associated data: they are authenticated by the key wrap itself (A256KW
 * and OAEP both fail on any change), and leaving them out is what lets a rewrap keep the data ciphertext.
 */
public final class Envelopes {
    private static final byte[] MAGIC = {'T', 'P', 'E', 1};
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int MAX_WRAPPED = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelopes() {}

    /**
     * Wraps data keys where the key-encryption key lives — typically the key service's {@code wrapkey} with
     * {@code A256KW}, so a data owner encrypts for a key it never holds. Must produce RFC 3394 output.
     */
    public interface RemoteA256KW {
        /** The id recorded in envelopes (the key's {@code name/version}). */
        String keyId();

        /** RFC 3394 wrap of the 32-byte data key under the remote AES-256 key. */
        byte[] wrap(byte[] dataKey) throws EnvelopeException;
    }

    /** Encrypts under a fresh data key wrapped by a remote AES-256 key (see {@link RemoteA256KW}). */
    public static byte[] encrypt(RemoteA256KW kek, byte[] plaintext, byte[] associatedData) throws EnvelopeException {
        byte[] dek = new byte[32];
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(dek);
        RANDOM.nextBytes(nonce);
        try {
            byte[] wrapped = kek.wrap(dek);
            if (wrapped.length != 40) {
                throw new EnvelopeException("the remote key wrap did not return a 40-byte RFC 3394 wrap");
            }
            byte[] id = kek.keyId().getBytes(StandardCharsets.UTF_8);
            if (id.length == 0 || id.length > 255) {
                throw new EnvelopeException("a key-encryption key id has 1 to 255 UTF-8 bytes");
            }
            return layout(id, WrapAlgorithm.A256KW, wrapped, nonce, seal(dek, nonce, plaintext, associatedData));
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** Encrypts {@code plaintext} under a fresh data key wrapped by {@code kek}. */
    public static byte[] encrypt(KeyEncryptionKey kek, byte[] plaintext, byte[] associatedData) {
        return encrypt(kek, plaintext, associatedData, RANDOM::nextBytes);
    }

    /** As {@link #encrypt(KeyEncryptionKey, byte[], byte[])} with the randomness given (format vectors in tests). */
    static byte[] encrypt(KeyEncryptionKey kek, byte[] plaintext, byte[] associatedData, Consumer<byte[]> random) {
        byte[] dek = new byte[32];
        byte[] nonce = new byte[NONCE];
        random.accept(dek);
        random.accept(nonce);
        try {
            byte[] wrapped = wrap(kek, dek);
            return layout(kek, wrapped, nonce, seal(dek, nonce, plaintext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("envelope encryption failed", e);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** Opens an envelope; the caller zeroes the result when done. */
    public static byte[] decrypt(KeyEncryptionKey kek, byte[] envelope, byte[] associatedData) throws EnvelopeException {
        Parsed p = Parsed.of(envelope);
        p.requireKey(kek);
        byte[] dek = unwrap(kek, p);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(TAG * 8, p.nonce));
            gcm.updateAAD(aad(associatedData));
            return gcm.doFinal(p.sealed);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EnvelopeException("the envelope does not open: tampered, or other associated data");
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** The same data under a data key re-wrapped from {@code from} to {@code to}; the data ciphertext is unchanged. */
    public static byte[] rewrap(byte[] envelope, KeyEncryptionKey from, KeyEncryptionKey to) throws EnvelopeException {
        Parsed p = Parsed.of(envelope);
        p.requireKey(from);
        byte[] dek = unwrap(from, p);
        try {
            return layout(to, wrap(to, dek), p.nonce, p.sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("re-wrapping failed", e);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** The id of the key-encryption key an envelope needs. */
    public static String keyId(byte[] envelope) throws EnvelopeException {
        return Parsed.of(envelope).kekId;
    }

    private static byte[] seal(byte[] dek, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(TAG * 8, nonce));
            gcm.updateAAD(aad(associatedData));
            return gcm.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is mandatory in every JDK", e);
        }
    }

    private static byte[] aad(byte[] associatedData) {
        byte[] ad = associatedData == null ? new byte[0] : associatedData;
        byte[] out = Arrays.copyOf(MAGIC, MAGIC.length + ad.length);
        System.arraycopy(ad, 0, out, MAGIC.length, ad.length);
        return out;
    }

    private static byte[] wrap(KeyEncryptionKey kek, byte[] dek) throws GeneralSecurityException {
        if (kek.algorithm() == WrapAlgorithm.A256KW) {
            Cipher kw = Cipher.getInstance("AESWrap");
            kw.init(Cipher.WRAP_MODE, kek.key());
            return kw.wrap(new SecretKeySpec(dek, "AES"));
        }
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, kek.rsaPublic(), oaep256());
        return rsa.doFinal(dek);
    }

    private static byte[] unwrap(KeyEncryptionKey kek, Parsed p) throws EnvelopeException {
        try {
            byte[] dek;
            if (p.algorithm == WrapAlgorithm.A256KW) {
                Cipher kw = Cipher.getInstance("AESWrap");
                kw.init(Cipher.UNWRAP_MODE, kek.key());
                dek = kw.unwrap(p.wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
            } else {
                Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
                rsa.init(Cipher.DECRYPT_MODE, kek.key(), oaep256());
                dek = rsa.doFinal(p.wrapped);
            }
            if (dek.length != 32) {
                Arrays.fill(dek, (byte) 0);
                throw new EnvelopeException("the wrapped data key is not an AES-256 key");
            }
            return dek;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EnvelopeException("the data key does not unwrap with key " + kek.id()
                    + " (another key with the same id, or a tampered envelope)");
        }
    }

    private static OAEPParameterSpec oaep256() {
        return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private static byte[] layout(KeyEncryptionKey kek, byte[] wrapped, byte[] nonce, byte[] sealed) {
        return layout(kek.id().getBytes(StandardCharsets.UTF_8), kek.algorithm(), wrapped, nonce, sealed);
    }

    private static byte[] layout(byte[] id, WrapAlgorithm algorithm, byte[] wrapped, byte[] nonce, byte[] sealed) {
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + id.length + 1 + 2 + wrapped.length + NONCE + sealed.length);
        out.put(MAGIC).put((byte) id.length).put(id).put((byte) algorithm.code).putShort((short) wrapped.length)
                .put(wrapped).put(nonce).put(sealed);
        return out.array();
    }

    /** An envelope's fields, with every length checked before it is used. */
    private record Parsed(String kekId, WrapAlgorithm algorithm, byte[] wrapped, byte[] nonce, byte[] sealed) {
        static Parsed of(byte[] e) throws EnvelopeException {
            if (e == null || e.length < 4 || !Arrays.equals(Arrays.copyOf(e, 4), MAGIC)) {
                throw new EnvelopeException("not a Trustplane envelope (version 1): bad magic at offset 0");
            }
            ByteBuffer in = ByteBuffer.wrap(e).position(4);
            int idLength = need(in, 1, "key id length", 4).get() & 0xff;
            if (idLength == 0) {
                throw new EnvelopeException("empty key id at offset 4");
            }
            byte[] id = new byte[idLength];
            need(in, idLength, "key id", 5).get(id);
            int wrapOffset = in.position();
            WrapAlgorithm algorithm;
            try {
                algorithm = WrapAlgorithm.of(need(in, 1, "wrap algorithm", wrapOffset).get() & 0xff);
            } catch (EnvelopeException x) {
                throw new EnvelopeException("unknown wrap algorithm at offset " + wrapOffset);
            }
            int wrappedLength = need(in, 2, "wrapped key length", in.position()).getShort() & 0xffff;
            if (wrappedLength == 0 || wrappedLength > MAX_WRAPPED) {
                throw new EnvelopeException("wrapped key length " + wrappedLength + " out of range at offset " + (wrapOffset + 1));
            }
            byte[] wrapped = new byte[wrappedLength];
            need(in, wrappedLength, "wrapped key", in.position()).get(wrapped);
            byte[] nonce = new byte[NONCE];
            need(in, NONCE, "nonce", in.position()).get(nonce);
            if (in.remaining() < TAG) {
                throw new EnvelopeException("truncated: no room for the 16-byte tag at offset " + in.position());
            }
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            return new Parsed(new String(id, StandardCharsets.UTF_8), algorithm, wrapped, nonce, sealed);
        }

        void requireKey(KeyEncryptionKey kek) throws EnvelopeException {
            if (!kekId.equals(kek.id())) {
                throw new EnvelopeException("the envelope needs key '" + kekId + "', not '" + kek.id() + "'");
            }
            if (algorithm != kek.algorithm()) {
                throw new EnvelopeException("the envelope's data key is wrapped with " + algorithm + ", but key "
                        + kek.id() + " wraps with " + kek.algorithm());
            }
        }

        private static ByteBuffer need(ByteBuffer in, int n, String field, int offset) throws EnvelopeException {
            if (in.remaining() < n) {
                throw new EnvelopeException("truncated: " + field + " at offset " + offset + " needs " + n + " bytes");
            }
            return in;
        }
    }
}
