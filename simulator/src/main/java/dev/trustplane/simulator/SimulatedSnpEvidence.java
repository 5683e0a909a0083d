package dev.trustplane.simulator;

import dev.trustplane.evidence.snp.SnpCollateral;
import dev.trustplane.evidence.snp.SnpProduct;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A simulated SNP report and everything that endorses it.
 *
 * @param report the 1184 report bytes, signed by the VCEK
 * @param product the product line
 * @param vcek the VCEK certificate ({@code CN=SEV-VCEK})
 * @param ask the ASK certificate ({@code CN=SEV-<product>})
 * @param ark the ARK certificate ({@code CN=ARK-<product>})
 * @param crl the ARK's CRL (empty unless the simulator was asked to revoke something)
 */
public record SimulatedSnpEvidence(byte[] report, SnpProduct product, X509Certificate vcek, X509Certificate ask,
        X509Certificate ark, X509CRL crl) {
    /** Copies the report. */
    public SimulatedSnpEvidence {
        report = report.clone();
    }

    @Override
    public byte[] report() {
        return report.clone();
    }

    /** The collateral as the verifier takes it: VCEK, ASK, ARK and CRL. */
    public SnpCollateral collateral() {
        return new SnpCollateral(vcek, ask, Optional.of(ark), Optional.of(crl));
    }

    /** A copy with another CRL, e.g. one from {@link SimulatedRoots#crl} revoking the ASK. */
    public SimulatedSnpEvidence withCrl(X509CRL newCrl) {
        return new SimulatedSnpEvidence(report, product, vcek, ask, ark, newCrl);
    }

    /** The PEM chain AMD KDS serves at {@code /vcek/v1/<product>/cert_chain}: ASK then ARK. */
    public String certChainPem() {
        return Pem.certificate(ask) + Pem.certificate(ark);
    }
}
