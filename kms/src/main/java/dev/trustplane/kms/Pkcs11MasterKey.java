package dev.trustplane.kms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pkcs11} master key: a sensitive, non-extractable AES-256 key inside a PKCS#11 token (an HSM in
 * production, SoftHSM2 in tests), used through the JDK's SunPKCS11 provider. Sealing and opening run inside the
 * token as {@code CKM_AES_GCM}; the key's bits never enter this process.
 *
 * <p>Why AES-GCM and not AES key wrap: SunPKCS11 registers no {@code AES/KW} or {@code AES/KWP} cipher for
 * SoftHSM2 (it advertises key wrap for wrap/unwrap of key objects only, and implements RFC 5649 under a
 * non-standard mechanism number), whereas {@code AES/GCM/NoPadding} with associated data works on SoftHSM2 and
 * on every HSM we know of; it is also what {@link MasterKeyProvider} promises. Known sharp edges, each handled
 * here: SunPKCS11 refuses to encrypt twice with the same key and IV on one cipher object (we use a fresh cipher
 * and a fresh random 96-bit IV per call); a failed tag check can surface as a {@link ProviderException}
 * ({@code CKR_ENCRYPTED_DATA_INVALID}) rather than {@code AEADBadTagException} (both map to the same error);
 * and without explicit key-generation attributes a token may create an extractable or session-only key (the
 * provider configuration below pins {@code CKA_SENSITIVE=true, CKA_EXTRACTABLE=false} and the key is then stored
 * as a labelled token object). The key found under the label is refused if the token reports it extractable.
 *
 * <p>Sealed format, the same as the sealed-file key's: {@code 0x01 ‖ IV (12) ‖ ciphertext ‖ tag (16)}.
 *
 * <p>The PIN is read from an owner-only file or an environment variable, used for the login, then zeroed;
 * it never appears in arguments, logs, exceptions or {@link #toString()}.
 */
public final class Pkcs11MasterKey implements MasterKeyProvider {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11MasterKey.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte FORMAT = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROBE_AAD = "trustplane-kms-v1/pkcs11-self-test".getBytes(StandardCharsets.US_ASCII);

    private final Provider provider;
    private final SecretKey key;
    private final String id;

    private Pkcs11MasterKey(Provider provider, SecretKey key, String id) {
        this.provider = provider;
        this.key = key;
        this.id = id;
    }

    /**
     * Loads the module, logs in, finds (or, when configured, creates) the key and checks that it seals and
     * opens.
     *
     * @param env the environment, for {@code pin-env}
     * @throws KmsException {@code MASTER_KEY_UNAVAILABLE} naming what is wrong: library, slot, PIN, key or mechanism
     */
    public static Pkcs11MasterKey open(Pkcs11Config config, Map<String, String> env) {
        Path library = config.library();
        if (!Files.isRegularFile(library) || !Files.isReadable(library)) {
            throw unavailable("the PKCS#11 library " + library + " does not exist or is not readable", null);
        }
        char[] pin = readPin(config.pin(), env);
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure(providerConfig(config));
        } catch (ProviderException | java.security.InvalidParameterException e) {
            Arrays.fill(pin, '\0');
            throw unavailable("the PKCS#11 library " + library + " cannot be used with " + config.slot() + ": "
                    + pkcs11Reason(e), e);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            String reason = pkcs11Reason(e);
            String hint = reason.contains("CKR_PIN_INCORRECT") ? "wrong PIN"
                    : reason.contains("CKR_PIN_LOCKED") ? "the PIN is locked" : "login failed";
            throw unavailable("PKCS#11 login to " + config.slot() + " of " + library + " failed: " + hint + " (" + reason
                    + "; PIN from " + config.pin() + ")", e);
        } finally {
            Arrays.fill(pin, '\0');
        }
        Pkcs11MasterKey master;
        try {
            master = new Pkcs11MasterKey(provider, findOrCreate(store, provider, config), "pkcs11:" + config.keyLabel());
            master.selfTest();
        } catch (KmsException e) {
            logout(provider);
            throw e;
        }
        LOG.info("KMS master key: PKCS#11 key '{}' in {} of {}", config.keyLabel(), config.slot(), library);
        return master;
    }

    /** SunPKCS11's configuration text; the generation attributes make new AES keys sensitive and non-extractable. */
    static String providerConfig(Pkcs11Config config) {
        return "--name=trustplane-" + config.keyLabel() + "\n"
                + "library=" + config.library() + "\n"
                + config.slot().configLine() + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "  CKA_ENCRYPT = true\n"
                + "  CKA_DECRYPT = true\n"
                + "}\n";
    }

    private static SecretKey findOrCreate(KeyStore store, Provider provider, Pkcs11Config config) {
        String label = config.keyLabel();
        try {
            Key existing = store.containsAlias(label) ? store.getKey(label, null) : null;
            if (existing == null) {
                if (!config.createKey()) {
                    throw unavailable("the PKCS#11 token in " + config.slot() + " has no key labelled '" + label
                            + "'; create it with create-key=true (first start only) or fix key-label", null);
                }
                KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                generator.init(256);
                // A session key until setEntry copies it into a token object under the label.
                store.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
                existing = store.getKey(label, null);
                LOG.warn("Created the KMS master key '{}' (AES-256, non-extractable) in the PKCS#11 token in {}",
                        label, config.slot());
            }
            if (!(existing instanceof SecretKey secret) || !"AES".equals(existing.getAlgorithm())) {
                throw unavailable("the PKCS#11 object labelled '" + label + "' is not an AES secret key", null);
            }
            if (secret.getEncoded() != null) {
                throw unavailable("the PKCS#11 key labelled '" + label + "' is extractable; the master key must be "
                        + "sensitive and non-extractable (CKA_SENSITIVE=true, CKA_EXTRACTABLE=false)", null);
            }
            return secret;
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("cannot find or create the PKCS#11 key labelled '" + label + "': " + pkcs11Reason(e), e);
        }
    }

    /** Seals and opens a probe so that a token without {@code CKM_AES_GCM} fails at start, not at first use. */
    private void selfTest() {
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        byte[] opened = open(seal(probe, PROBE_AAD), PROBE_AAD);
        if (!Arrays.equals(opened, probe)) {
            throw unavailable("the PKCS#11 token's AES-GCM self-test returned wrong data", null);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(associatedData);
            byte[] out = new byte[1 + IV_BYTES + plaintext.length + TAG_BITS / 8];
            out[0] = FORMAT;
            System.arraycopy(iv, 0, out, 1, IV_BYTES);
            int written = gcm.doFinal(plaintext, 0, plaintext.length, out, 1 + IV_BYTES);
            if (written != plaintext.length + TAG_BITS / 8) {
                throw unavailable("the PKCS#11 token returned " + written + " bytes of AES-GCM output", null);
            }
            return out;
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("the PKCS#11 master key " + id + " cannot seal: " + pkcs11Reason(e), e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw unavailable("sealed key material is malformed", null);
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            gcm.updateAAD(associatedData);
            return gcm.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable("sealed key material does not open with master key " + id + " (" + pkcs11Reason(e)
                    + "): a different master key sealed it, the stored data was altered, or the token failed", e);
        }
    }

    /** Logs out of the token; the key object stays in it. */
    @Override
    public void close() {
        logout(provider);
    }

    private static void logout(Provider provider) {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException | ProviderException e) {
                LOG.warn("PKCS#11 logout failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "Pkcs11MasterKey[" + id + "]";
    }

    /** The PIN as chars; the caller zeroes it. Files must not be readable by group or others. */
    static char[] readPin(Pkcs11Config.PinSource source, Map<String, String> env) {
        if (source.envVar() != null) {
            String value = env.get(source.envVar());
            if (value == null || value.isEmpty()) {
                throw unavailable("the PKCS#11 PIN environment variable " + source.envVar() + " is not set", null);
            }
            return value.toCharArray();
        }
        Path file = source.file();
        byte[] raw = null;
        try {
            if (Files.getPosixFilePermissions(file).stream().anyMatch(p -> p != PosixFilePermission.OWNER_READ
                    && p != PosixFilePermission.OWNER_WRITE)) {
                throw unavailable("the PKCS#11 PIN file " + file + " must be readable by its owner only; chmod 600 it", null);
            }
            raw = Files.readAllBytes(file);
            int end = raw.length;
            while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
                end--;
            }
            if (end == 0) {
                throw unavailable("the PKCS#11 PIN file " + file + " is empty", null);
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, end));
            char[] pin = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return pin;
        } catch (IOException e) {
            throw unavailable("cannot read the PKCS#11 PIN file " + file + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** The PKCS#11 return code (CKR_...) or the innermost message: never includes the PIN, which no layer echoes. */
    private static String pkcs11Reason(Throwable e) {
        String fallback = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("CKR_")) {
                return message.substring(message.indexOf("CKR_")).split("[\\s:,]", 2)[0];
            }
            if (message != null) {
                fallback = message;
            }
        }
        return fallback == null ? e.getClass().getSimpleName() : fallback;
    }

    private static KmsException unavailable(String message, Throwable cause) {
        return new KmsException(KmsException.Code.MASTER_KEY_UNAVAILABLE, message, cause);
    }
}
