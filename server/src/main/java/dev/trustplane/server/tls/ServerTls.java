package dev.trustplane.server.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS identity: a certificate chain and its private key, loaded from PEM files and checked
 * to belong together before the server starts (a mismatched pair would otherwise fail only at the first
 * handshake, with an error nobody reads).
 */
public final class ServerTls {
    /** Protocols we accept, newest first. Nothing older than TLS 1.2. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final SSLContext context;
    private final X509Certificate leaf;
    private final javax.net.ssl.KeyManager[] keyManagers;

    private ServerTls(SSLContext context, X509Certificate leaf, javax.net.ssl.KeyManager[] keyManagers) {
        this.context = context;
        this.leaf = leaf;
        this.keyManagers = keyManagers;
    }

    public static ServerTls load(Path certFile, Path keyFile) throws TlsException {
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        X509Certificate leaf = chain.getFirst();
        requireMatchingKey(leaf, key, certFile, keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            warnIfExpiring(leaf, certFile);
            return new ServerTls(context, leaf, kmf.getKeyManagers());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsException("cannot use TLS key " + keyFile + " with " + certFile + ": " + e.getClass().getSimpleName());
        }
    }

    public SSLContext sslContext() {
        return context;
    }

    /**
     * A context with this identity that verifies client certificates with {@code clientTrust} alone (mutual TLS);
     * whether a client certificate is asked for is the listener's setting.
     */
    public SSLContext sslContext(javax.net.ssl.X509TrustManager clientTrust) throws TlsException {
        try {
            SSLContext withClients = SSLContext.getInstance("TLS");
            withClients.init(keyManagers, new javax.net.ssl.TrustManager[] {clientTrust}, null);
            return withClients;
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot set up client certificate verification: " + e.getClass().getSimpleName());
        }
    }

    public X509Certificate certificate() {
        return leaf;
    }

    /** Proves possession: sign a challenge with the key and verify it with the certificate. */
    private static void requireMatchingKey(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile)
            throws TlsException {
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> throw new TlsException("unsupported TLS key type " + key.getAlgorithm() + " in " + keyFile);
            };
            byte[] challenge = "trustplane-tls-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new TlsException("TLS key " + keyFile + " does not match the certificate in " + certFile);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsException("TLS key " + keyFile + " does not match the certificate in " + certFile);
        }
    }

    private static void warnIfExpiring(X509Certificate leaf, Path certFile) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            LOG.warn("TLS certificate {} expired on {}; clients will refuse it", certFile, notAfter);
        } else if (notAfter.isBefore(Instant.now().plus(Duration.ofDays(30)))) {
            LOG.warn("TLS certificate {} expires on {}", certFile, notAfter);
        }
    }
}
