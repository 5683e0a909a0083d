package dev.trustplane.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates from PEM files (RFC 7468; DER is accepted too), and the TLS trust that follows from a CA file.
 * Errors name the file and what is wrong with it, never its content.
 */
public final class PemCertificates {
    private PemCertificates() {}

    /**
     * Every certificate in {@code file}, in order.
     *
     * @throws IOException naming the file when it cannot be read, holds no certificate or holds something else
     */
    public static List<X509Certificate> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read certificate file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        List<X509Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException | RuntimeException e) {
            throw new IOException("cannot parse certificate file " + file + ": not a PEM or DER X.509 certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate found in " + file);
        }
        return certificates;
    }

    /**
     * A TLS context that trusts exactly the certificates in {@code caFile} (not the JDK's default roots), as a
     * client of a server with its own CA is configured.
     */
    public static SSLContext trustingOnly(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate certificate : read(caFile)) {
            trust.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
