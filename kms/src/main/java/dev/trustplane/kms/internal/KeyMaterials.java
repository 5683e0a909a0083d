package dev.trustplane.kms.internal;

import dev.trustplane.kms.Curve;
import dev.trustplane.kms.JsonWebKey;
import dev.trustplane.kms.KeyMaterial;
import dev.trustplane.kms.KeyOperation;
import dev.trustplane.kms.KeyType;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.SecretBytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;

/**
 * Generation and import validation of key material, and the public JWK of a material.
 *
 * <p>Import accepts only what we could have generated: RSA 2048/3072/4096 with an odd public exponent,
 * n = p·q with both factors probably prime, d·e ≡ 1 (mod λ(n)) and matching CRT values (derived when
 * absent); EC points on one of the four curves with d·G = Q; AES keys of 128/192/256 bits. A failure is
 * BadParameter naming the field, never its value.
 */
final class KeyMaterials {
    static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterials() {}

    static KeyMaterial generate(KeyType type, int size, Curve curve) throws GeneralSecurityException {
        return switch (type.family()) {
            case RSA -> {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4), RANDOM);
                var k = (RSAPrivateCrtKey) gen.generateKeyPair().getPrivate();
                yield new KeyMaterial.Rsa(Unsigned.minimal(k.getModulus()), Unsigned.minimal(k.getPublicExponent()),
                        secret(k.getPrivateExponent()), secret(k.getPrimeP()), secret(k.getPrimeQ()),
                        secret(k.getPrimeExponentP()), secret(k.getPrimeExponentQ()), secret(k.getCrtCoefficient()));
            }
            case EC -> {
                if (curve == Curve.P_256K) {
                    byte[][] xyd = Secp256k1.generate(RANDOM);
                    yield new KeyMaterial.Ec(curve, xyd[0], xyd[1], SecretBytes.adopt(xyd[2]));
                }
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec(curve.stdName()), RANDOM);
                var pair = gen.generateKeyPair();
                var pub = ((ECPublicKey) pair.getPublic()).getW();
                int len = curve.coordinateBytes();
                yield new KeyMaterial.Ec(curve, Unsigned.fixed(pub.getAffineX(), len), Unsigned.fixed(pub.getAffineY(), len),
                        SecretBytes.adopt(Unsigned.fixed(((ECPrivateKey) pair.getPrivate()).getS(), len)));
            }
            case OCT -> {
                byte[] k = new byte[size / 8];
                RANDOM.nextBytes(k);
                yield new KeyMaterial.Oct(SecretBytes.adopt(k));
            }
        };
    }

    /** Validates imported material for {@code type}; returns it complete (RSA CRT values derived if absent). */
    static KeyMaterial validate(KeyType type, KeyMaterial material) {
        return switch (material) {
            case KeyMaterial.Rsa r when type.family() == KeyType.Family.RSA -> validateRsa(r);
            case KeyMaterial.Ec e when type.family() == KeyType.Family.EC -> {
                if (e.d() == null) {
                    throw KmsException.badParameter("JSON Web Key: the private key 'd' is required for import.");
                }
                EcKeys.validate(e.crv(), e.x(), e.y(), e.d());
                yield e;
            }
            case KeyMaterial.Oct o when type.family() == KeyType.Family.OCT -> {
                if (o.k() == null || !KeyType.OCT_SIZES.contains(o.k().length() * 8)) {
                    throw KmsException.badParameter("JSON Web Key: 'k' of an oct key must be 16, 24 or 32 bytes.");
                }
                yield o;
            }
            default -> throw KmsException.badParameter("JSON Web Key: the key material does not match kty " + type.wire() + ".");
        };
    }

    private static KeyMaterial.Rsa validateRsa(KeyMaterial.Rsa r) {
        BigInteger n = Unsigned.required(r.n(), "n");
        BigInteger e = Unsigned.required(r.e(), "e");
        if (!KeyType.RSA_SIZES.contains(n.bitLength())) {
            throw KmsException.badParameter("JSON Web Key: RSA keys must be 2048, 3072 or 4096 bits; got " + n.bitLength() + ".");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 256) {
            throw KmsException.badParameter("JSON Web Key: the public exponent 'e' must be odd, at least 3 and at most 256 bits.");
        }
        if (r.d() == null || r.p() == null || r.q() == null) {
            throw KmsException.badParameter("JSON Web Key: 'd', 'p' and 'q' are required to import an RSA key.");
        }
        BigInteger d = Rsa.big(r.d());
        BigInteger p = Rsa.big(r.p());
        BigInteger q = Rsa.big(r.q());
        BigInteger one = BigInteger.ONE;
        if (!p.multiply(q).equals(n) || !p.isProbablePrime(40) || !q.isProbablePrime(40)) {
            throw KmsException.badParameter("JSON Web Key: 'p' and 'q' are not the prime factors of 'n'.");
        }
        BigInteger pm1 = p.subtract(one);
        BigInteger qm1 = q.subtract(one);
        BigInteger lambda = pm1.divide(pm1.gcd(qm1)).multiply(qm1);
        if (d.signum() <= 0 || d.compareTo(n) >= 0 || !d.multiply(e).mod(lambda).equals(one)) {
            throw KmsException.badParameter("JSON Web Key: the private exponent 'd' does not match 'e' and 'n'.");
        }
        BigInteger dp = d.mod(pm1);
        BigInteger dq = d.mod(qm1);
        BigInteger qi = q.modInverse(p);
        if (!matches(r.dp(), dp) || !matches(r.dq(), dq) || !matches(r.qi(), qi)) {
            throw KmsException.badParameter("JSON Web Key: 'dp', 'dq' or 'qi' do not match the key.");
        }
        var complete = new KeyMaterial.Rsa(Unsigned.minimal(n), Unsigned.minimal(e), secret(d), secret(p), secret(q),
                secret(dp), secret(dq), secret(qi));
        r.close();
        return complete;
    }

    private static boolean matches(SecretBytes given, BigInteger expected) {
        return given == null || Rsa.big(given).equals(expected);
    }

    private static SecretBytes secret(BigInteger value) {
        return SecretBytes.adopt(Unsigned.minimal(value));
    }

    /** The public JWK of {@code material} with {@code ops}. */
    static JsonWebKey publicJwk(KeyType type, List<KeyOperation> ops, KeyMaterial material) {
        return switch (material) {
            case KeyMaterial.Rsa r -> new JsonWebKey(type, ops, r.n(), r.e(), null, null, null);
            case KeyMaterial.Ec e -> new JsonWebKey(type, ops, null, null, e.crv(), e.x(), e.y());
            case KeyMaterial.Oct o -> new JsonWebKey(type, ops, null, null, null, null, null);
        };
    }

    /** Key size in bits (RSA modulus, AES key, EC field). */
    static int sizeBits(KeyMaterial material) {
        return switch (material) {
            case KeyMaterial.Rsa r -> Unsigned.of(r.n()).bitLength();
            case KeyMaterial.Ec e -> e.crv() == Curve.P_521 ? 521 : e.crv().coordinateBytes() * 8;
            case KeyMaterial.Oct o -> o.k().length() * 8;
        };
    }
}
