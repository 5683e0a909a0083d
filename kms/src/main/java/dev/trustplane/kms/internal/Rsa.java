package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.SecretBytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import javax.crypto.Cipher;

/**
 * RSA keys and the raw RSA primitives the signature and encryption code build on. The private operation
 * and the public one go through the JCA ({@code RSA/ECB/NoPadding}), so whichever provider is preferred
 * (Corretto where it loads, else SunJCE) does them; the private one with CRT and blinding.
 */
final class Rsa {
    private Rsa() {}

    static RSAPublicKey publicKey(byte[] n, byte[] e) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(Unsigned.of(n), Unsigned.of(e)));
    }

    /** A JCA private key from the material (its BigIntegers cannot be zeroed; it lives as long as its {@link OpenedKey}). */
    static RSAPrivateCrtKey privateKey(KeyMaterial.Rsa m) throws GeneralSecurityException {
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                Unsigned.of(m.n()), Unsigned.of(m.e()), big(m.d()), big(m.p()), big(m.q()), big(m.dp()), big(m.dq()),
                big(m.qi())));
    }

    static BigInteger big(SecretBytes s) {
        byte[] bytes = s.copy();
        try {
            return new BigInteger(1, bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Modulus length in bytes. */
    static int modulusBytes(BigInteger n) {
        return (n.bitLength() + 7) / 8;
    }

    /**
     * RSASP1 for a signature: {@code input^d mod n} as k bytes, through the provider (CRT + blinding), checked
     * against faults before it is returned — a CRT result wrong in one prime would give the key away (Boneh,
     * DeMillo, Lipton 1997). AWS-LC (Corretto) already re-encrypts every private result with {@code e} and compares
     * inside its private transform, so the check here runs only for providers that do not ({@code pub} is the
     * key's public half).
     */
    static byte[] signatureOp(RSAPrivateCrtKey key, RSAPublicKey pub, byte[] input) throws GeneralSecurityException {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, key);
        byte[] out = raw.doFinal(input);
        int k = modulusBytes(key.getModulus());
        byte[] signature = out.length == k ? out : Unsigned.fixed(Unsigned.of(out), k);
        if (!checksItsOwnResults(raw.getProvider()) && !java.util.Arrays.equals(input, publicOp(pub, signature))) {
            throw new GeneralSecurityException("RSA signature failed its self-check");
        }
        return signature;
    }

    /** Whether {@code provider}'s RSA private operation verifies its own result (AWS-LC's does). */
    static boolean checksItsOwnResults(java.security.Provider provider) {
        return provider.getName().equals("AmazonCorrettoCryptoProvider");
    }

    /**
     * RSAVP1 for verification: {@code s^e mod n} as k bytes, or null when s is not a valid representative.
     * Through the provider too: it runs for every verify (and as the fault check of {@link #signatureOp} under
     * providers that do not check themselves), and Corretto's is several times faster than {@code BigInteger.modPow}.
     */
    static byte[] publicOp(RSAPublicKey key, byte[] signature) {
        BigInteger n = key.getModulus();
        int k = modulusBytes(n);
        if (signature.length != k || Unsigned.of(signature).compareTo(n) >= 0) {
            return null;
        }
        try {
            Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
            raw.init(Cipher.ENCRYPT_MODE, key);
            byte[] out = raw.doFinal(signature);
            return out.length == k ? out : Unsigned.fixed(Unsigned.of(out), k);
        } catch (GeneralSecurityException e) {
            return null; // a representative the provider refuses is no valid signature
        }
    }
}
