package dev.trustplane.server.securitydomain;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir's secret sharing over GF(2^8), one independent polynomial per secret byte (the construction
 * azure-cli's security-domain tooling and most byte-oriented implementations use).
 *
 * <p>Field: GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B); multiplication by
 * log/antilog tables over the generator 0x03. Share {@code x} coordinates are 1..n (never 0, which is where the
 * secret sits); the {@code m - 1} higher coefficients of each byte's polynomial come from {@link SecureRandom}.
 * Any {@code m} shares give the secret by Lagrange interpolation at 0; fewer give bytes that are uniformly
 * random and independent of it, so a wrong result cannot be told apart here: callers authenticate what they
 * rebuild (the security domain opens an AES-GCM-wrapped master key with it).
 */
public final class Shamir {
    /** One share: its x coordinate (1..255) and the polynomials' values there, one byte per secret byte. */
    public record Share(int x, byte[] y) {
        public Share {
            if (x < 1 || x > 255) {
                throw new IllegalArgumentException("share x must be 1..255, got " + x);
            }
            y = y.clone();
        }

        @Override
        public byte[] y() {
            return y.clone();
        }

        @Override
        public String toString() {
            return "Share[x=" + x + ", redacted]";
        }
    }

    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];

    static {
        int v = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = v;
            LOG[v] = i;
            v ^= (v << 1) ^ ((v & 0x80) != 0 ? 0x11B : 0); // v * 0x03 = v * 2 + v, reduced by 0x11B
            v &= 0xFF;
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    private Shamir() {}

    /** Splits {@code secret} into {@code n} shares of which any {@code m} rebuild it (2 ≤ m ≤ n ≤ 255). */
    public static List<Share> split(byte[] secret, int n, int m, SecureRandom random) {
        if (m < 2 || m > n || n > 255) {
            throw new IllegalArgumentException("need 2 <= m <= n <= 255, got m=" + m + ", n=" + n);
        }
        byte[][] ys = new byte[n][secret.length];
        byte[] coefficients = new byte[m];
        try {
            for (int b = 0; b < secret.length; b++) {
                coefficients[0] = secret[b];
                byte[] rest = new byte[m - 1];
                random.nextBytes(rest);
                System.arraycopy(rest, 0, coefficients, 1, m - 1);
                Arrays.fill(rest, (byte) 0);
                for (int i = 0; i < n; i++) {
                    ys[i][b] = (byte) evaluate(coefficients, i + 1);
                }
            }
            List<Share> shares = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                shares.add(new Share(i + 1, ys[i]));
            }
            return List.copyOf(shares);
        } finally {
            Arrays.fill(coefficients, (byte) 0);
            for (byte[] y : ys) {
                Arrays.fill(y, (byte) 0);
            }
        }
    }

    /**
     * Interpolates the shares' polynomials at 0. With at least the threshold number of shares of one split this
     * is the secret; otherwise it is unrelated bytes (see the class comment).
     *
     * @throws IllegalArgumentException when there are no shares, lengths differ or an x repeats
     */
    public static byte[] combine(List<Share> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no shares");
        }
        int length = shares.getFirst().y.length;
        Set<Integer> xs = new HashSet<>();
        for (Share s : shares) {
            if (s.y.length != length) {
                throw new IllegalArgumentException("shares have different lengths");
            }
            if (!xs.add(s.x)) {
                throw new IllegalArgumentException("share x=" + s.x + " is given twice");
            }
        }
        byte[] secret = new byte[length];
        for (int i = 0; i < shares.size(); i++) {
            // Lagrange basis at 0: l_i(0) = prod_{j != i} x_j / (x_j - x_i); in GF(2^8) subtraction is XOR.
            int basis = 1;
            for (int j = 0; j < shares.size(); j++) {
                if (j != i) {
                    int xj = shares.get(j).x;
                    basis = mul(basis, div(xj, xj ^ shares.get(i).x));
                }
            }
            byte[] y = shares.get(i).y;
            for (int b = 0; b < length; b++) {
                secret[b] ^= (byte) mul(y[b] & 0xFF, basis);
            }
        }
        return secret;
    }

    /** Horner's rule: c0 + x(c1 + x(c2 + ...)). */
    private static int evaluate(byte[] coefficients, int x) {
        int result = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            result = mul(result, x) ^ (coefficients[k] & 0xFF);
        }
        return result;
    }

    static int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    static int div(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        return a == 0 ? 0 : EXP[LOG[a] + 255 - LOG[b]];
    }
}
