package dev.trustplane.kms.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.trustplane.kms.Curve;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * ECDSA over a client-supplied digest, signatures in IEEE P1363 form (r‖s), as JWS and Key Vault use.
 * P-256/384/521 go through the JCA's {@code NONEwithECDSA} with DER signatures, transcoded to and from P1363
 * by nimbus-jose: Corretto offers the pre-hashed form only in DER, and {@code NONEwithECDSAinP1363Format}
 * would fall back to the JDK's much slower pure-Java ECDSA. secp256k1 goes through {@link Secp256k1}. A
 * malformed signature verifies as false, never as an error.
 */
final class EcSignatures {
    private static final String JCA_ALG = "NONEwithECDSA";

    private EcSignatures() {}

    /** Signs with a P-256/384/521 key ({@code pub} is its public half, for the self-check). */
    static byte[] sign(ECPrivateKey key, ECPublicKey pub, Curve curve, byte[] digest) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(JCA_ALG);
        signer.initSign(key);
        signer.update(digest);
        byte[] signature = p1363(signer.sign(), curve);
        if (!verify(pub, curve, digest, signature)) {
            throw new GeneralSecurityException("ECDSA signature failed its self-check");
        }
        return signature;
    }

    static boolean verify(Curve curve, byte[] x, byte[] y, byte[] digest, byte[] signature) throws GeneralSecurityException {
        if (curve == Curve.P_256K) {
            return Secp256k1.verify(x, y, digest, signature);
        }
        return verify(EcKeys.publicKey(curve, x, y), curve, digest, signature);
    }

    private static boolean verify(ECPublicKey key, Curve curve, byte[] digest, byte[] signature) throws GeneralSecurityException {
        if (signature.length != 2 * curve.coordinateBytes()) {
            return false;
        }
        Signature verifier = Signature.getInstance(JCA_ALG);
        verifier.initVerify(key);
        verifier.update(digest);
        try {
            return verifier.verify(ECDSA.transcodeSignatureToDER(signature));
        } catch (SignatureException | JOSEException e) {
            return false;
        }
    }

    private static byte[] p1363(byte[] der, Curve curve) throws GeneralSecurityException {
        try {
            return ECDSA.transcodeSignatureToConcat(der, 2 * curve.coordinateBytes());
        } catch (JOSEException e) {
            throw new GeneralSecurityException("the provider returned a malformed ECDSA signature", e);
        }
    }
}
