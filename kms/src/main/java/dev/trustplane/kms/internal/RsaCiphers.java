package dev.trustplane.kms.internal;

import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSAES-OAEP (hash and MGF1 hash the same, as Key Vault's RSA-OAEP = SHA-1 and RSA-OAEP-256 = SHA-256) and
 * RSAES-PKCS1-v1_5 through the JCA. The label is always empty on the keys API; it is a parameter here for
 * the test vectors. Decryption failures surface as {@link GeneralSecurityException} without detail.
 *
 * <p>Caveat: RSA1_5 decryption that reports padding errors is a Bleichenbacher oracle; Key Vault offers it
 * for compatibility and so do we, with one uniform error message, and documents RSA-OAEP-256 as the choice.
 */
final class RsaCiphers {
    private RsaCiphers() {}

    static byte[] encryptOaep(RSAPublicKey key, String hash, byte[] label, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, oaep(hash, label));
        return cipher.doFinal(plaintext);
    }

    static byte[] decryptOaep(RSAPrivateCrtKey key, String hash, byte[] label, byte[] ciphertext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, oaep(hash, label));
        return cipher.doFinal(ciphertext);
    }

    static byte[] encryptPkcs1(RSAPublicKey key, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(plaintext);
    }

    static byte[] decryptPkcs1(RSAPrivateCrtKey key, byte[] ciphertext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.DECRYPT_MODE, key);
        return cipher.doFinal(ciphertext);
    }

    private static OAEPParameterSpec oaep(String hash, byte[] label) {
        MGF1ParameterSpec mgf = switch (hash) {
            case "SHA-1" -> MGF1ParameterSpec.SHA1;
            case "SHA-256" -> MGF1ParameterSpec.SHA256;
            case "SHA-384" -> MGF1ParameterSpec.SHA384;
            case "SHA-512" -> MGF1ParameterSpec.SHA512;
            default -> throw new IllegalArgumentException("unsupported OAEP hash " + hash);
        };
        return new OAEPParameterSpec(hash, "MGF1", mgf, label == null || label.length == 0
                ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(label));
    }
}
