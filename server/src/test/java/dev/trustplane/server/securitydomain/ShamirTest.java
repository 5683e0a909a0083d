package dev.trustplane.server.securitydomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shamir over GF(2^8): every M-subset of N shares rebuilds the secret, smaller subsets do not. */
class ShamirTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void field_arithmetic_matches_the_aes_field() {
        // FIPS 197 §4.2: {57} • {83} = {c1}; {57} • {13} = {fe}
        assertThat(Shamir.mul(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(Shamir.mul(0x57, 0x13)).isEqualTo(0xfe);
        for (int a = 1; a < 256; a++) {
            assertThat(Shamir.mul(a, Shamir.div(1, a))).as("inverse of %d", a).isEqualTo(1);
        }
    }

    @Test
    void every_quorum_subset_rebuilds_the_secret_and_every_smaller_one_does_not() {
        int checkedSubsets = 0;
        for (int n = 2; n <= 6; n++) {
            for (int m = 2; m <= n; m++) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                List<Shamir.Share> shares = Shamir.split(secret, n, m, RANDOM);
                assertThat(shares).hasSize(n);
                for (int mask = 1; mask < (1 << n); mask++) {
                    List<Shamir.Share> subset = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if ((mask & (1 << i)) != 0) {
                            subset.add(shares.get(i));
                        }
                    }
                    byte[] rebuilt = Shamir.combine(subset);
                    if (subset.size() >= m) {
                        assertThat(rebuilt).as("n=%d m=%d subset %s", n, m, Integer.toBinaryString(mask)).isEqualTo(secret);
                    } else {
                        assertThat(rebuilt).as("n=%d m=%d too-small subset %s", n, m, Integer.toBinaryString(mask))
                                .isNotEqualTo(secret);
                    }
                    checkedSubsets++;
                }
            }
        }
        // sum over n = 2..6 of (n - 1) quorums × (2^n - 1) non-empty subsets
        assertThat(checkedSubsets).isEqualTo(3 + 14 + 45 + 124 + 315);
    }

    @Test
    void shares_of_different_splits_do_not_combine_to_either_secret() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        RANDOM.nextBytes(a);
        RANDOM.nextBytes(b);
        var sharesA = Shamir.split(a, 3, 2, RANDOM);
        var sharesB = Shamir.split(b, 3, 2, RANDOM);
        byte[] mixed = Shamir.combine(List.of(sharesA.get(0), sharesB.get(1)));
        assertThat(mixed).isNotEqualTo(a).isNotEqualTo(b);
    }

    @Test
    void a_single_share_reveals_nothing_about_a_constant_secret() {
        // With m = 2 the share at x is s + c·x for uniform c: over many splits of the same secret every byte value
        // appears for the share's first byte.
        byte[] secret = new byte[1];
        boolean[] seen = new boolean[256];
        for (int i = 0; i < 20_000; i++) {
            seen[Shamir.split(secret, 2, 2, RANDOM).getFirst().y()[0] & 0xFF] = true;
        }
        for (int v = 0; v < 256; v++) {
            assertThat(seen[v]).as("value %d", v).isTrue();
        }
    }

    @Test
    void bad_parameters_are_refused() {
        assertThatThrownBy(() -> Shamir.split(new byte[4], 3, 1, RANDOM)).hasMessageContaining("2 <= m <= n");
        assertThatThrownBy(() -> Shamir.split(new byte[4], 2, 3, RANDOM)).hasMessageContaining("2 <= m <= n");
        var shares = Shamir.split(new byte[4], 3, 2, RANDOM);
        assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), shares.get(0)))).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Shamir.combine(List.of())).hasMessageContaining("no shares");
        assertThat(shares.get(0).toString()).doesNotContain(java.util.Arrays.toString(shares.get(0).y()));
    }
}
