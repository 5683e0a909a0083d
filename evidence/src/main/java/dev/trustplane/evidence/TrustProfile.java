package dev.trustplane.evidence;

import dev.trustplane.evidence.internal.PinnedRoots;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which roots a verifier trusts.
 *
 * <ul>
 *   <li>{@link #production()}: the vendors' roots, compiled into the code (AMD ARK-Milan, ARK-Genoa,
 *       ARK-Turin, pinned by their SubjectPublicKeyInfo). Nothing read at run time can add a root.
 *   <li>{@link #simulated(List)}: roots supplied programmatically, e.g. by the simulator or a test
 *       that generates its own ARK. Evidence verified under it proves nothing about real hardware;
 *       verifiers record the profile kind in their claims.
 * </ul>
 *
 * <p>Simulator hook: a simulator generates its own root and passes its public key, e.g.
 * {@code TrustProfile.simulated(List.of(new TrustAnchor(TrustAnchor.AMD_SEV_SNP, "Milan", arkKey)))}.
 * Simulated AMD chains must use AMD's names ({@code CN=ARK-Milan}, {@code CN=SEV-Milan} or
 * {@code CN=SEV-VLEK-Milan}, {@code CN=SEV-VCEK}/{@code CN=SEV-VLEK}), RSA-PSS SHA-384 with a 48-byte
 * salt for certificate signatures and a P-384 leaf key, because the verifier checks all of them.
 *
 * @param kind production or simulated
 * @param anchors the trusted root keys
 */
public record TrustProfile(Kind kind, List<TrustAnchor> anchors) {
    /** The two kinds of trust. */
    public enum Kind {
        /** Vendor roots pinned in code. */
        PRODUCTION,
        /** Roots supplied programmatically (simulator, tests). */
        SIMULATED
    }

    private static final TrustProfile PRODUCTION = new TrustProfile(Kind.PRODUCTION, PinnedRoots.all());

    /** Validates and copies. */
    public TrustProfile {
        Objects.requireNonNull(kind, "kind");
        anchors = List.copyOf(anchors);
    }

    /** The vendor roots pinned in code. */
    public static TrustProfile production() {
        return PRODUCTION;
    }

    /**
     * A profile trusting exactly the given roots (simulator or test roots).
     *
     * @param anchors at least one anchor
     * @return the simulated profile
     */
    public static TrustProfile simulated(List<TrustAnchor> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("a simulated profile needs at least one anchor");
        }
        return new TrustProfile(Kind.SIMULATED, anchors);
    }

    /** The anchors for one technology and product (empty when none). */
    public List<TrustAnchor> anchors(String technology, String product) {
        return anchors.stream()
                .filter(a -> a.technology().equals(technology) && a.product().equals(product))
                .toList();
    }

    /** The anchors for one technology, any product. */
    public List<TrustAnchor> anchors(String technology) {
        return anchors.stream().filter(a -> a.technology().equals(technology)).toList();
    }

    /** Whether {@code key} is one of this profile's roots for the technology and product. */
    public boolean trusts(String technology, String product, PublicKey key) {
        return anchors(technology, product).stream()
                .anyMatch(a -> Arrays.equals(a.publicKey().getEncoded(), key.getEncoded()));
    }
}
