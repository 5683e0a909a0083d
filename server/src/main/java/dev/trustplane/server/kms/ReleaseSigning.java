package dev.trustplane.server.kms;

import dev.trustplane.attestation.SelfSignedCertificates;
import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.release.ReleaseSigner;
import dev.trustplane.server.tls.DevCertificateAuthority;
import dev.trustplane.server.tls.TlsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The key that signs secure key release responses: RSA-2048 in {@code DATA_DIR/kms/release-signing.pk8}
 * (PKCS#8, owner-only), created once. Its certificate is issued at each start by the development CA when the
 * server uses one (so workloads verify release responses against the same {@code tls/ca.pem} they already trust
 * for TLS), and is self-signed otherwise — operators with their own PKI then distribute that certificate, which
 * the log line at start names.
 */
final class ReleaseSigning {
    static final String KEY_FILE = "kms/release-signing.pk8";

    private ReleaseSigning() {}

    static ReleaseSigner loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                SecureFiles.createPrivateDirectory(file.getParent());
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                SecureFiles.createNew(file, gen.generateKeyPair().getPrivate().getEncoded(), SecureFiles.OWNER_ONLY);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            var pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            List<X509Certificate> chain = DevCertificateAuthority.issue(dataDir.resolve("tls"), "Trustplane key release", pub)
                    .orElse(null);
            if (chain == null) {
                chain = List.of(SelfSignedCertificates.issue("CN=Trustplane key release,O=Trustplane", new KeyPair(pub, priv),
                        Instant.now(), Duration.ofDays(825)));
            }
            return new ReleaseSigner(priv, chain);
        } catch (GeneralSecurityException | TlsException e) {
            throw new IOException("the key release signing key " + file + " is unusable: " + e.getMessage(), e);
        }
    }
}
