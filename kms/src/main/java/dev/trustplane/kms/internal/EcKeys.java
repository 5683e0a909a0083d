package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.SecretBytes;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;

/**
 * EC key handling for the four Key Vault curves. JCA keys for P-256/384/521; secp256k1 (gone from the
 * JDK since 16) is handled by {@link Secp256k1}. Point validation and the d·G = Q consistency check on
 * import use Bouncy Castle's curve arithmetic, for every curve alike.
 */
final class EcKeys {
    private EcKeys() {}

    static X9ECParameters domain(Curve curve) {
        return CustomNamedCurves.getByName(curve.stdName());
    }

    static ECParameterSpec jcaParams(Curve curve) throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve.stdName()));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    static ECPublicKey publicKey(Curve curve, byte[] x, byte[] y) throws GeneralSecurityException {
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(Unsigned.of(x), Unsigned.of(y)), jcaParams(curve)));
    }

    static ECPrivateKey privateKey(Curve curve, SecretBytes d) throws GeneralSecurityException {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(Rsa.big(d), jcaParams(curve)));
    }

    /**
     * Checks that (x, y) is a point of the curve's prime-order group, and when {@code d} is given, that
     * 0 < d < n and d·G = (x, y).
     *
     * @throws KmsException BadParameter naming what is wrong
     */
    static void validate(Curve curve, byte[] x, byte[] y, SecretBytes d) {
        int len = curve.coordinateBytes();
        if (x == null || y == null || x.length != len || y.length != len) {
            throw KmsException.badParameter("JSON Web Key: 'x' and 'y' of a " + curve.wire() + " key must be "
                    + len + " bytes each.");
        }
        X9ECParameters domain = domain(curve);
        ECCurve c = domain.getCurve();
        org.bouncycastle.math.ec.ECPoint q;
        try {
            q = c.validatePoint(Unsigned.of(x), Unsigned.of(y));
        } catch (IllegalArgumentException e) {
            throw KmsException.badParameter("JSON Web Key: the public point is not on curve " + curve.wire() + ".");
        }
        if (q.isInfinity() || !q.multiply(domain.getN()).isInfinity()) {
            throw KmsException.badParameter("JSON Web Key: the public point is not in the " + curve.wire() + " group.");
        }
        if (d == null) {
            return;
        }
        if (d.length() != len) {
            throw KmsException.badParameter("JSON Web Key: 'd' of a " + curve.wire() + " key must be " + len + " bytes.");
        }
        BigInteger scalar = Rsa.big(d);
        if (scalar.signum() <= 0 || scalar.compareTo(domain.getN()) >= 0) {
            throw KmsException.badParameter("JSON Web Key: 'd' is out of range for " + curve.wire() + ".");
        }
        if (!domain.getG().multiply(scalar).normalize().equals(q.normalize())) {
            throw KmsException.badParameter("JSON Web Key: the private key 'd' does not match the public point.");
        }
    }
}
