package dev.trustplane.evidence.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The one place where evidence verification obtains JCA objects.
 *
 * <p>When the Amazon Corretto Crypto Provider (native AWS-LC; about 10x faster ECDSA P-384 verify
 * than SunEC) is installed under its standard name, it is preferred; otherwise, or when it lacks an
 * algorithm, the JDK's providers are used. Callers pin the algorithm by calling the method for it;
 * nothing here takes an algorithm name from evidence.
 */
public final class CryptoProviders {
    /** Name under which the Corretto provider registers itself. */
    public static final String CORRETTO = "AmazonCorrettoCryptoProvider";

    /** RSASSA-PSS as AMD uses it: SHA-384, MGF1-SHA-384, 48-byte salt, trailer field 1. */
    public static final PSSParameterSpec AMD_PSS =
            new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);

    private CryptoProviders() {}

    /**
     * Installs the Corretto provider as the most preferred JCA provider when its native library loads on
     * this machine (Linux x86-64); elsewhere leaves the JDK's providers alone. Idempotent. Applications
     * call this once at start; libraries never do.
     *
     * @return the name of the provider now used for ECDSA verification, or why Corretto was not installed
     */
    public static synchronized String installFastProvider() {
        if (Security.getProvider(CORRETTO) != null) {
            return CORRETTO;
        }
        try {
            var provider = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = provider.getLoadingError();
            if (error != null) {
                return "JDK providers (Corretto unavailable: " + error.getClass().getSimpleName() + ")";
            }
            provider.assertHealthy();
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.install();
            return CORRETTO;
        } catch (LinkageError | RuntimeException e) {
            return "JDK providers (Corretto unavailable: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** ECDSA verifier for P-384 keys with SHA-384, DER-encoded signatures. */
    public static Signature ecdsaP384Verifier() throws NoSuchAlgorithmException {
        return signature("SHA384withECDSA");
    }

    /** ECDSA verifier for P-256 keys with SHA-256, raw r‖s (IEEE P1363) signatures as Intel DCAP uses them. */
    public static Signature ecdsaP256RawVerifier() throws NoSuchAlgorithmException {
        return signature("SHA256withECDSAinP1363Format");
    }

    /** ECDSA verifier with SHA-256, DER-encoded signatures (Intel certificates and CRLs). */
    public static Signature ecdsaP256DerVerifier() throws NoSuchAlgorithmException {
        return signature("SHA256withECDSA");
    }

    /** RSASSA-PSS verifier with {@link #AMD_PSS} parameters already set. */
    public static Signature rsaPssSha384Verifier() throws NoSuchAlgorithmException {
        Provider preferred = Security.getProvider(CORRETTO);
        if (preferred != null) {
            try {
                Signature s = Signature.getInstance("RSASSA-PSS", preferred);
                s.setParameter(AMD_PSS);
                return s;
            } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
                // fall through to the JDK
            }
        }
        Signature s = Signature.getInstance("RSASSA-PSS");
        try {
            s.setParameter(AMD_PSS);
        } catch (InvalidAlgorithmParameterException e) {
            throw new NoSuchAlgorithmException("RSASSA-PSS with SHA-384/48 unavailable", e);
        }
        return s;
    }

    /** Key factory for EC public keys (the DCAP attestation key from a quote's raw point). */
    public static KeyFactory ecKeyFactory() throws NoSuchAlgorithmException {
        Provider preferred = Security.getProvider(CORRETTO);
        if (preferred != null) {
            try {
                return KeyFactory.getInstance("EC", preferred);
            } catch (NoSuchAlgorithmException e) {
                // fall through to the JDK
            }
        }
        return KeyFactory.getInstance("EC");
    }

    /** SHA-256 digest. */
    public static MessageDigest sha256() throws NoSuchAlgorithmException {
        Provider preferred = Security.getProvider(CORRETTO);
        if (preferred != null) {
            try {
                return MessageDigest.getInstance("SHA-256", preferred);
            } catch (NoSuchAlgorithmException e) {
                // fall through to the JDK
            }
        }
        return MessageDigest.getInstance("SHA-256");
    }

    /** Name of the provider that {@link #ecdsaP384Verifier()} uses (for logs and benchmarks). */
    public static String ecdsaProviderName() throws NoSuchAlgorithmException {
        return ecdsaP384Verifier().getProvider().getName();
    }

    private static Signature signature(String algorithm) throws NoSuchAlgorithmException {
        Provider preferred = Security.getProvider(CORRETTO);
        if (preferred != null) {
            try {
                return Signature.getInstance(algorithm, preferred);
            } catch (NoSuchAlgorithmException e) {
                // fall through to the JDK
            }
        }
        return Signature.getInstance(algorithm);
    }
}
