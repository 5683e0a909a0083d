package dev.trustplane.evidence.tpm;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Optional;

/**
 * The NIST prime curves a TPM AK may use, with their TPM_ECC_CURVE ids, JWK names and default
 * signature hash. Builds public keys from affine coordinates and rejects points not on the curve
 * (JCA providers do not all check this at key construction).
 */
enum EcCurves {
    P256(0x0003, "P-256", "secp256r1", 32, TpmHash.SHA256),
    P384(0x0004, "P-384", "secp384r1", 48, TpmHash.SHA384),
    P521(0x0005, "P-521", "secp521r1", 66, TpmHash.SHA512);

    final int tpmId;
    final String jwkName;
    final String stdName;
    final int fieldBytes;
    final TpmHash defaultHash;

    EcCurves(int tpmId, String jwkName, String stdName, int fieldBytes, TpmHash defaultHash) {
        this.tpmId = tpmId;
        this.jwkName = jwkName;
        this.stdName = stdName;
        this.fieldBytes = fieldBytes;
        this.defaultHash = defaultHash;
    }

    static Optional<EcCurves> byTpmId(int id) {
        for (EcCurves c : values()) {
            if (c.tpmId == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static Optional<EcCurves> byJwkName(String name) {
        for (EcCurves c : values()) {
            if (c.jwkName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Identifies the curve of a JCA EC key by its field size (only these three prime curves are accepted). */
    static Optional<EcCurves> of(ECPublicKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        for (EcCurves c : values()) {
            if (c.params().getCurve().equals(key.getParams().getCurve()) && bits == c.fieldBits()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    int fieldBits() {
        return params().getCurve().getField().getFieldSize();
    }

    ECParameterSpec params() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(stdName));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + stdName, e);
        }
    }

    /** Builds a public key from unsigned big-endian coordinates; empty if the point is not on the curve. */
    Optional<ECPublicKey> publicKey(byte[] x, byte[] y) {
        if (x.length > fieldBytes || y.length > fieldBytes) {
            return Optional.empty();
        }
        ECParameterSpec spec = params();
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        if (bx.compareTo(p) >= 0 || by.compareTo(p) >= 0) {
            return Optional.empty();
        }
        BigInteger lhs = by.multiply(by).mod(p);
        BigInteger rhs = bx.pow(3).add(spec.getCurve().getA().multiply(bx)).add(spec.getCurve().getB()).mod(p);
        if (!lhs.equals(rhs)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), spec)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
