package dev.trustplane.server.tls;

import dev.trustplane.common.PemCertificates;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM encoding and decoding of certificates and private keys, with errors that name the file. */
public final class Pem {
    private Pem() {}

    public static String certificate(X509Certificate cert) throws GeneralSecurityException {
        return block("CERTIFICATE", cert.getEncoded());
    }

    /** PKCS#8 "PRIVATE KEY" block. */
    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return dev.trustplane.common.PemText.encode(type, der);
    }

    /** Reads every certificate in a PEM file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsException {
        try {
            return PemCertificates.read(file);
        } catch (IOException e) {
            throw new TlsException(e.getMessage());
        }
    }

    /** Reads a private key in PKCS#8, SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY") PEM form. */
    public static PrivateKey readPrivateKey(Path file) throws TlsException {
        String text = new String(readFile(file, "private key"), StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            // Never echo key material: describe the problem, not the content.
            throw new TlsException("cannot parse private key file " + file + ": expected an unencrypted PEM private key");
        } catch (IOException | RuntimeException e) {
            throw new TlsException("cannot parse private key file " + file + ": corrupt or not a PEM private key");
        }
    }

    private static byte[] readFile(Path file, String what) throws TlsException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsException("cannot read " + what + " file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
