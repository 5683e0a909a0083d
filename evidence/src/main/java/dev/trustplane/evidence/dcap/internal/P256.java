package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.internal.CryptoProviders;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Optional;

/** ECDSA P-256 as DCAP uses it: raw x‖y public keys and raw r‖s signatures over SHA-256. */
public final class P256 {
    private static final ECParameterSpec PARAMS;
    private static final BigInteger P;
    private static final BigInteger A;
    private static final BigInteger B;

    static {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = ap.getParameterSpec(ECParameterSpec.class);
            P = ((java.security.spec.ECFieldFp) PARAMS.getCurve().getField()).getP();
            A = PARAMS.getCurve().getA();
            B = PARAMS.getCurve().getB();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {}

    /** The key of a raw 64-byte x‖y point, or empty when it is not a point on P-256. */
    public static Optional<PublicKey> publicKey(byte[] raw) {
        if (raw.length != 64) {
            return Optional.empty();
        }
        BigInteger x = new BigInteger(1, raw, 0, 32);
        BigInteger y = new BigInteger(1, raw, 32, 32);
        // Reject points off the curve explicitly rather than trust every provider to: y² = (x² + a)·x + b
        // mod p. Plain products reduced once cost a third of modPow and pow on every quote.
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0
                || !y.multiply(y).mod(P).equals(x.multiply(x).add(A).multiply(x).add(B).mod(P))) {
            return Optional.empty();
        }
        try {
            return Optional.of(CryptoProviders.ecKeyFactory().generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code signature} (raw r‖s) verifies over {@code data} with {@code key}; false on any error. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature s = CryptoProviders.ecdsaP256RawVerifier();
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a DER ECDSA signature (as in certificates and CRLs) verifies with SHA-256; false on any error. */
    public static boolean verifyDer(PublicKey key, byte[] data, byte[] der) {
        try {
            Signature s = CryptoProviders.ecdsaP256DerVerifier();
            s.initVerify(key);
            s.update(data);
            return s.verify(der);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
