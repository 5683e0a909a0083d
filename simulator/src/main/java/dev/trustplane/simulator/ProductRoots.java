package dev.trustplane.simulator;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.snp.SnpProduct;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * The simulated AMD root (ARK) and signing key (ASK) of one product, with their certificates.
 * The private keys are exposed on purpose: tests use them to forge endorsements.
 *
 * @param product the product line
 * @param arkKeys the RSA-4096 ARK key pair
 * @param askKeys the RSA-4096 ASK key pair
 * @param ark the self-signed {@code CN=ARK-<product>} certificate
 * @param ask the {@code CN=SEV-<product>} certificate issued by the ARK
 */
public record ProductRoots(SnpProduct product, KeyPair arkKeys, KeyPair askKeys, X509Certificate ark,
        X509Certificate ask) {

    /** The ARK public key as a trust anchor (for {@link dev.trustplane.evidence.TrustProfile#simulated}). */
    public TrustAnchor anchor() {
        return new TrustAnchor(TrustAnchor.AMD_SEV_SNP, product.kdsName(), arkKeys.getPublic());
    }
}
