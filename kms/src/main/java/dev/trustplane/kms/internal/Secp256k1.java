package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.SecretBytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256K (ECDSA over secp256k1) with Bouncy Castle's lightweight API: the JDK removed the curve in 16 and
 * Corretto does not offer it through the JCA. Signing uses deterministic nonces (RFC 6979) so no bad random
 * number can leak the key; signatures are IEEE P1363 (r‖s, 32 bytes each) like the other ES algorithms.
 */
final class Secp256k1 {
    private static final X9ECParameters X9 = EcKeys.domain(Curve.P_256K);
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());
    private static final int LEN = 32;

    private Secp256k1() {}

    /** A new key as {x, y, d}. */
    static byte[][] generate(SecureRandom random) {
        BigInteger d;
        do {
            d = new BigInteger(256, random);
        } while (d.signum() == 0 || d.compareTo(DOMAIN.getN()) >= 0);
        ECPoint q = DOMAIN.getG().multiply(d).normalize();
        return new byte[][] {Unsigned.fixed(q.getAffineXCoord().toBigInteger(), LEN),
                Unsigned.fixed(q.getAffineYCoord().toBigInteger(), LEN), Unsigned.fixed(d, LEN)};
    }

    static byte[] sign(SecretBytes d, byte[] digest) {
        var signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(Rsa.big(d), DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        byte[] out = new byte[2 * LEN];
        System.arraycopy(Unsigned.fixed(rs[0], LEN), 0, out, 0, LEN);
        System.arraycopy(Unsigned.fixed(rs[1], LEN), 0, out, LEN, LEN);
        return out;
    }

    static boolean verify(byte[] x, byte[] y, byte[] digest, byte[] signature) {
        if (signature.length != 2 * LEN) {
            return false;
        }
        try {
            ECPoint q = DOMAIN.getCurve().validatePoint(Unsigned.of(x), Unsigned.of(y));
            var signer = new ECDSASigner();
            signer.init(false, new ECPublicKeyParameters(q, DOMAIN));
            return signer.verifySignature(digest, Unsigned.of(Arrays.copyOfRange(signature, 0, LEN)),
                    Unsigned.of(Arrays.copyOfRange(signature, LEN, 2 * LEN)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
