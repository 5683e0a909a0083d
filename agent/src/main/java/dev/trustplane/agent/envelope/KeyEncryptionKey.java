package dev.trustplane.agent.envelope;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * A key-encryption key: the key a workload obtained by secure key release (an AES-256 {@code oct} key, or an RSA
 * private key), named by an id that ciphertexts record — typically the released key's {@code name/version}, so a
 * reader knows which key version to obtain.
 *
 * @param id  1–255 bytes of UTF-8, recorded in every envelope wrapped under this key
 * @param key an AES {@link SecretKey} of 32 bytes, or an RSA {@link PrivateKey} (CRT form) of at least 2048 bits
 */
public record KeyEncryptionKey(String id, Key key) {
    public KeyEncryptionKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        int idBytes = id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (idBytes == 0 || idBytes > 255) {
            throw new IllegalArgumentException("a key-encryption key id has 1 to 255 UTF-8 bytes");
        }
        if (key instanceof SecretKey s) {
            byte[] raw = s.getEncoded();
            if (!"AES".equalsIgnoreCase(s.getAlgorithm()) || raw == null || raw.length != 32) {
                throw new IllegalArgumentException("a symmetric key-encryption key must be AES-256");
            }
            java.util.Arrays.fill(raw, (byte) 0);
        } else if (key instanceof RSAPrivateCrtKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("an RSA key-encryption key needs at least 2048 bits");
            }
        } else {
            throw new IllegalArgumentException("a key-encryption key is AES-256 or an RSA private key (CRT), not "
                    + key.getAlgorithm());
        }
    }

    /**
     * A released key as a key-encryption key, with the id {@code name/version} taken from its {@code kid}
     * ({@code https://host/keys/NAME/VERSION}).
     */
    public static KeyEncryptionKey of(dev.trustplane.agent.ReleasedKey released) {
        String[] path = java.net.URI.create(released.kid()).getPath().split("/");
        if (path.length < 4 || !path[path.length - 3].equals("keys")) {
            throw new IllegalArgumentException("the released key's kid is not .../keys/NAME/VERSION");
        }
        return new KeyEncryptionKey(path[path.length - 2] + "/" + path[path.length - 1], released.key());
    }

    /** How this key wraps data keys. */
    WrapAlgorithm algorithm() {
        return key instanceof SecretKey ? WrapAlgorithm.A256KW : WrapAlgorithm.RSA_OAEP_256;
    }

    /** The RSA public key that wraps (derived from the private CRT key). */
    PublicKey rsaPublic() throws GeneralSecurityException {
        var rsa = (RSAPrivateCrtKey) key;
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[" + id + ", " + algorithm() + "]";
    }
}
