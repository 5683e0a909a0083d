package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;

/**
 * ECDSA over a client-supplied digest, signatures in IEEE P1363 form (r‖s), as JWS and Key Vault use.
 * P-256/384/521 go through the JCA's {@code NONEwithECDSAinP1363Format} (the preferred provider that has
 * it); secp256k1 through {@link Secp256k1}. A malformed signature verifies as false, never as an error.
 */
final class EcSignatures {
    private static final String JCA_ALG = "NONEwithECDSAinP1363Format";

    private EcSignatures() {}

    static byte[] sign(Curve curve, byte[] x, byte[] y, SecretBytes d, byte[] digest) throws GeneralSecurityException {
        if (curve == Curve.P_256K) {
            return Secp256k1.sign(d, digest);
        }
        Signature signer = Signature.getInstance(JCA_ALG);
        signer.initSign(EcKeys.privateKey(curve, d));
        signer.update(digest);
        byte[] signature = signer.sign();
        if (!verify(curve, x, y, digest, signature)) {
            throw new GeneralSecurityException("ECDSA signature failed its self-check");
        }
        return signature;
    }

    static boolean verify(Curve curve, byte[] x, byte[] y, byte[] digest, byte[] signature) throws GeneralSecurityException {
        if (curve == Curve.P_256K) {
            return Secp256k1.verify(x, y, digest, signature);
        }
        if (signature.length != 2 * curve.coordinateBytes()) {
            return false;
        }
        Signature verifier = Signature.getInstance(JCA_ALG);
        verifier.initVerify(EcKeys.publicKey(curve, x, y));
        verifier.update(digest);
        try {
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        }
    }
}
