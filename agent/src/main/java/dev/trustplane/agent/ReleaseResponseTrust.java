package dev.trustplane.agent;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which release-response signers a workload accepts: a chain (the response's {@code x5c}) that validates to one
 * of some trust anchors — for a Trustplane server with a development CA, its {@code tls/ca.pem} — or one pinned
 * signing certificate.
 */
public sealed interface ReleaseResponseTrust {

    /** Checks the signer's chain, leaf first; throws naming why it is not trusted. */
    void check(List<X509Certificate> chain) throws ReleaseResponseException;

    /** Accepts chains that PKIX-validate (signatures, validity, CA constraints; no revocation) to one of {@code anchors}. */
    static ReleaseResponseTrust anchoredAt(Collection<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        return new Anchored(List.copyOf(anchors));
    }

    /** Accepts only responses signed with exactly this certificate. */
    static ReleaseResponseTrust pinned(X509Certificate signingCertificate) {
        return new Pinned(signingCertificate);
    }

    /** PKIX validation to anchors. */
    record Anchored(List<X509Certificate> anchors) implements ReleaseResponseTrust {
        @Override
        public void check(List<X509Certificate> chain) throws ReleaseResponseException {
            try {
                // The anchors themselves may appear at the end of x5c; a path ends before its anchor.
                List<X509Certificate> path = chain.stream().filter(c -> !anchors.contains(c)).toList();
                if (path.isEmpty()) {
                    throw new ReleaseResponseException("the release response is signed by a trust anchor itself, "
                            + "not by a certificate issued under it");
                }
                Set<TrustAnchor> trust = new HashSet<>();
                anchors.forEach(a -> trust.add(new TrustAnchor(a, null)));
                PKIXParameters params = new PKIXParameters(trust);
                params.setRevocationEnabled(false);
                var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
                CertPathValidator.getInstance("PKIX").validate(certPath, params);
            } catch (GeneralSecurityException e) {
                throw new ReleaseResponseException("the release response's signing certificate does not chain to a "
                        + "trusted anchor: " + e.getMessage(), e);
            }
        }
    }

    /** One exact certificate. */
    record Pinned(X509Certificate certificate) implements ReleaseResponseTrust {
        @Override
        public void check(List<X509Certificate> chain) throws ReleaseResponseException {
            try {
                if (!Arrays.equals(chain.getFirst().getEncoded(), certificate.getEncoded())) {
                    throw new ReleaseResponseException("the release response is not signed with the pinned certificate");
                }
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new ReleaseResponseException("certificate cannot be encoded", e);
            }
        }
    }
}
