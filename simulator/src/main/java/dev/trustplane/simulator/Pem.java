package dev.trustplane.simulator;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM text for certificates and other DER objects (64-column base64, LF line ends). */
public final class Pem {
    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** {@code -----BEGIN CERTIFICATE-----} block of a certificate. */
    public static String certificate(X509Certificate cert) {
        try {
            return block("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** A PEM block of {@code der} with the given label, e.g. {@code PUBLIC KEY}. */
    public static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + MIME.encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
