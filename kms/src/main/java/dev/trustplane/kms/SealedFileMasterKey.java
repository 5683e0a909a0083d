package dev.trustplane.kms;

import dev.trustplane.common.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sealed-file} master key: 32 random bytes in {@code <data dir>/kms/master.key} (mode 0600),
 * created once and never overwritten. Convenient for a laptop; weak for production, since anyone who can
 * read that file and the database has every key — hence the loud warning at every start. Production uses
 * a PKCS#11 provider, where the master key never leaves the HSM.
 *
 * <p>Sealed format: {@code 0x01 ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)}, the associated data
 * authenticated but not stored.
 */
public final class SealedFileMasterKey implements MasterKeyProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SealedFileMasterKey.class);
    public static final String FILE = "master.key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final byte FORMAT = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String id;

    private SealedFileMasterKey(byte[] raw, String idPrefix) {
        this.key = new SecretKeySpec(raw, "AES");
        try {
            byte[] fp = MessageDigest.getInstance("SHA-256").digest(("trustplane-master-key-id" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(raw))).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            this.id = idPrefix + ":" + HexFormat.of().formatHex(fp, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Loads {@code <dataDir>/kms/master.key}, creating it (and the directory, owner-only) on first use.
     *
     * @throws KmsException {@code MASTER_KEY_UNAVAILABLE} when the file has the wrong size, is readable by
     *                      others, or cannot be read or created
     */
    public static SealedFileMasterKey openOrCreate(Path dataDir) {
        Path dir = dataDir.resolve("kms");
        Path file = dir.resolve(FILE);
        try {
            SecureFiles.createPrivateDirectory(dir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                try {
                    SecureFiles.createNew(file, fresh, SecureFiles.OWNER_ONLY);
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
                LOG.warn("Created a new KMS master key in {}", file);
            }
            return load(file);
        } catch (NoSuchFileException e) {
            throw unavailable("the master key file " + file + " does not exist", e);
        } catch (IOException e) {
            throw unavailable("cannot read or create the master key file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static SealedFileMasterKey load(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw unavailable("the master key file " + file + " is accessible to group or others; chmod 600 it", null);
            }
        } catch (UnsupportedOperationException notPosix) {
            LOG.warn("cannot check the permissions of {} on this file system", file);
        }
        byte[] raw = Files.readAllBytes(file);
        if (raw.length != KEY_BYTES) {
            Arrays.fill(raw, (byte) 0);
            throw unavailable("the master key file " + file + " must hold exactly 32 bytes", null);
        }
        var provider = new SealedFileMasterKey(raw, "sealed-file");
        LOG.warn("KMS master key: sealed-file {} ({}). Anyone who can read this file and the database can read every "
                + "key: use a PKCS#11 master key in production.", file, provider.id);
        return provider;
    }

    /**
     * A master key of the same construction held in memory only, for a key that another mechanism protects at rest
     * (the security domain's master key, wrapped by the domain key and by the local master key). Its id is
     * {@code <idPrefix>:<fingerprint>}, the same wherever the same 32 bytes are loaded. {@code raw} is zeroed.
     */
    public static SealedFileMasterKey inMemory(String idPrefix, byte[] raw) {
        if (raw.length != KEY_BYTES) {
            Arrays.fill(raw, (byte) 0);
            throw unavailable("an in-memory master key must be exactly 32 bytes", null);
        }
        return new SealedFileMasterKey(raw, idPrefix);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(associatedData);
            byte[] body = gcm.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE_BYTES + body.length];
            out[0] = FORMAT;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(body, 0, out, 1 + NONCE_BYTES, body.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw unavailable("the sealed-file master key cannot seal", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != FORMAT) {
            throw unavailable("sealed key material is malformed", null);
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, NONCE_BYTES));
            gcm.updateAAD(associatedData);
            return gcm.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw unavailable("sealed key material does not open with master key " + id
                    + ": a different master key sealed it, or the stored data was altered", e);
        }
    }

    @Override
    public void close() {
        // SecretKeySpec cannot be zeroed (its destroy() is unsupported); dropping the reference is all we can do.
    }

    @Override
    public String toString() {
        return "SealedFileMasterKey[" + id + "]";
    }

    private static KmsException unavailable(String message, Throwable cause) {
        return new KmsException(KmsException.Code.MASTER_KEY_UNAVAILABLE, message, cause);
    }
}
