package dev.trustplane.attestation;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed X.509 certificates for Trustplane's own signing keys where a format wants a certificate beside the
 * key (the {@code x5c} of attestation token keys, the release-response signer when no CA issues one). Nobody chains
 * to them: they carry a public key in the shape clients expect. Valid from one hour before {@code now} (clock skew)
 * for {@code validity}; serial = {@code now} in milliseconds; SHA-256 with RSA or ECDSA, following the key.
 */
public final class SelfSignedCertificates {
    private SelfSignedCertificates() {}

    /**
     * @param subject the subject and issuer distinguished name, e.g. {@code CN=Trustplane key release,O=Trustplane}
     * @throws GeneralSecurityException when the key cannot sign
     */
    public static X509Certificate issue(String subject, KeyPair keys, Instant now, Duration validity)
            throws GeneralSecurityException {
        X500Name name = new X500Name(subject);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), name, keys.getPublic());
        String algorithm = keys.getPrivate() instanceof ECPrivateKey ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate with the " + keys.getPrivate().getAlgorithm()
                    + " key: " + e.getMessage(), e);
        }
    }
}
