package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.snp.internal.ChainValidator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates (and optional CRL) that endorse one SNP report: the VCEK or VLEK that signed it,
 * the ASK or ASVK that issued that, optionally the ARK certificate and the ARK's CRL.
 *
 * <p>Nothing here is trusted by itself: the verifier checks every certificate against the root keys
 * of its {@link dev.trustplane.evidence.TrustProfile}.
 *
 * @param leaf the VCEK ({@code CN=SEV-VCEK}) or VLEK ({@code CN=SEV-VLEK})
 * @param intermediate the ASK ({@code CN=SEV-<product>}) or ASVK ({@code CN=SEV-VLEK-<product>})
 * @param ark the ARK certificate, optional (its key must equal a pinned root key)
 * @param crl the ARK's CRL, optional
 */
public record SnpCollateral(
        X509Certificate leaf, X509Certificate intermediate, Optional<X509Certificate> ark, Optional<X509CRL> crl) {

    /** Validates presence. */
    public SnpCollateral {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(intermediate, "intermediate");
        Objects.requireNonNull(ark, "ark");
        Objects.requireNonNull(crl, "crl");
    }

    /** Leaf and intermediate only. */
    public static SnpCollateral of(X509Certificate leaf, X509Certificate intermediate) {
        return new SnpCollateral(leaf, intermediate, Optional.empty(), Optional.empty());
    }

    /** A copy with the given CRL. */
    public SnpCollateral withCrl(X509CRL newCrl) {
        return new SnpCollateral(leaf, intermediate, ark, Optional.of(newCrl));
    }

    /** A copy without a CRL. */
    public SnpCollateral withoutCrl() {
        return new SnpCollateral(leaf, intermediate, ark, Optional.empty());
    }

    /** A copy with another leaf. */
    public SnpCollateral withLeaf(X509Certificate newLeaf) {
        return new SnpCollateral(newLeaf, intermediate, ark, crl);
    }

    /** Whether the leaf is a VLEK (by subject name). */
    public boolean isVlek() {
        return "SEV-VLEK".equals(ChainValidator.cn(leaf.getSubjectX500Principal()));
    }

    /**
     * Picks the collateral out of a pool of certificates and CRLs, e.g. everything found in a
     * directory: exactly one VCEK or VLEK; the certificate whose subject is the leaf's issuer; the
     * certificate whose subject is that one's issuer (the ARK), if present; a CRL issued by that
     * name, if present. Several products' ASKs and ARKs may share the pool.
     *
     * @throws EvidenceFormatException ({@link ReasonCode#COLLATERAL_UNAVAILABLE}) when no single
     *     leaf or no issuer is found
     */
    public static SnpCollateral select(Collection<X509Certificate> certs, Collection<X509CRL> crls)
            throws EvidenceFormatException {
        List<X509Certificate> leaves = certs.stream()
                .filter(c -> {
                    String cn = ChainValidator.cn(c.getSubjectX500Principal());
                    return cn.equals("SEV-VCEK") || cn.equals("SEV-VLEK");
                })
                .toList();
        if (leaves.size() != 1) {
            throw new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, "VCEK/VLEK", -1,
                    "expected exactly one VCEK or VLEK certificate, found " + leaves.size());
        }
        X509Certificate leaf = leaves.getFirst();
        X509Certificate intermediate = certs.stream()
                .filter(c -> c != leaf && c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
                .findFirst()
                .orElseThrow(() -> new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, "ASK/ASVK", -1,
                        "no certificate named " + ChainValidator.cn(leaf.getIssuerX500Principal())));
        Optional<X509Certificate> ark = certs.stream()
                .filter(c -> c.getSubjectX500Principal().equals(intermediate.getIssuerX500Principal())
                        && c.getIssuerX500Principal().equals(c.getSubjectX500Principal()))
                .findFirst();
        Optional<X509CRL> crl = crls.stream()
                .filter(c -> c.getIssuerX500Principal().equals(intermediate.getIssuerX500Principal()))
                .findFirst();
        return new SnpCollateral(leaf, intermediate, ark, crl);
    }
}
