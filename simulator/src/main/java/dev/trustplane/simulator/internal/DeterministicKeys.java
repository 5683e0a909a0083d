package dev.trustplane.simulator.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * Key pairs derived deterministically from a {@link SeedStream} label.
 *
 * <p><b>RSA</b> (how, and why not {@code KeyPairGenerator} with a seeded random): a JDK or Bouncy
 * Castle upgrade may change how a generator consumes its random stream, which would silently change
 * every simulated root. So the search is written out here: for each prime, take {@code bits/2} bits
 * from the label's stream ({@code label + "/p"}, then {@code "/q"}), set the two top bits (so the
 * modulus has exactly {@code bits} bits) and the low bit, then step by 2 until the candidate has no
 * factor below 2^16, passes {@link BigInteger#isProbablePrime(int)} at certainty 128 and is not 1
 * mod 65537. e = 65537, d = e^-1 mod lcm(p-1, q-1). A small-prime sieve keeps the search to about
 * a second per 2048-bit prime (so one RSA-4096 key takes about two seconds; callers cache keys).
 *
 * <p><b>EC P-384</b>: d = (first 56 bytes of the stream, as an unsigned integer) mod (n - 1) + 1;
 * the public point is computed with Bouncy Castle's curve arithmetic.
 *
 * <p><b>Simulation only</b>: these keys are as public as their seed.
 */
public final class DeterministicKeys {
    private static final BigInteger E = BigInteger.valueOf(65537);
    private static final int[] SMALL_PRIMES = smallPrimes(1 << 16);

    private DeterministicKeys() {}

    /** An RSA key pair of exactly {@code bits} bits (public exponent 65537). */
    public static KeyPair rsa(SeedStream seed, String label, int bits) {
        BigInteger p = prime(seed.bytes(label + "/p", bits / 16), bits / 2);
        BigInteger q = prime(seed.bytes(label + "/q", bits / 16), bits / 2);
        if (p.equals(q)) {
            throw new IllegalStateException("equal primes for " + label);
        }
        BigInteger n = p.multiply(q);
        BigInteger pm1 = p.subtract(BigInteger.ONE);
        BigInteger qm1 = q.subtract(BigInteger.ONE);
        BigInteger lcm = pm1.divide(pm1.gcd(qm1)).multiply(qm1);
        BigInteger d = E.modInverse(lcm);
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            return new KeyPair(kf.generatePublic(new RSAPublicKeySpec(n, E)),
                    kf.generatePrivate(new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(pm1), d.mod(qm1),
                            q.modInverse(p))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key factory", e);
        }
    }

    /** An EC P-384 (secp384r1) key pair. */
    public static KeyPair p384(SeedStream seed, String label) {
        return ec(seed, label, "secp384r1", 56);
    }

    /** An EC P-256 (secp256r1) key pair (Intel DCAP keys). */
    public static KeyPair p256(SeedStream seed, String label) {
        return ec(seed, label, "secp256r1", 40);
    }

    private static KeyPair ec(SeedStream seed, String label, String curveName, int randomBytes) {
        X9ECParameters curve = CustomNamedCurves.getByName(curveName);
        BigInteger order = curve.getN();
        BigInteger d = new BigInteger(1, seed.bytes(label, randomBytes)).mod(order.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(d).normalize();
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(curveName));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return new KeyPair(kf.generatePublic(new ECPublicKeySpec(w, spec)),
                    kf.generatePrivate(new ECPrivateKeySpec(d, spec)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key factory", e);
        }
    }

    private static BigInteger prime(byte[] random, int bits) {
        BigInteger base = new BigInteger(1, random)
                .setBit(bits - 1).setBit(bits - 2).setBit(0);
        int[] residues = new int[SMALL_PRIMES.length];
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            residues[i] = base.mod(BigInteger.valueOf(SMALL_PRIMES[i])).intValue();
        }
        for (long delta = 0; ; delta += 2) {
            if (sieved(residues, delta)) {
                BigInteger candidate = base.add(BigInteger.valueOf(delta));
                if (candidate.bitLength() != bits) {
                    throw new IllegalStateException("prime search overflowed " + bits + " bits");
                }
                if (!candidate.mod(E).equals(BigInteger.ONE) && candidate.isProbablePrime(128)) {
                    return candidate;
                }
            }
        }
    }

    private static boolean sieved(int[] residues, long delta) {
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            if ((residues[i] + delta) % SMALL_PRIMES[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] smallPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int count = 0;
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j < limit; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        int[] primes = new int[count];
        int k = 0;
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                primes[k++] = i;
            }
        }
        return primes;
    }
}
