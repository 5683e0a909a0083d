package dev.trustplane.server.kms;

import dev.trustplane.common.SecureFiles;
import dev.trustplane.kms.release.ReleaseSigner;
import dev.trustplane.server.tls.DevCertificateAuthority;
import dev.trustplane.server.tls.TlsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
                chain = List.of(selfSigned(pub, priv));
            }
            return new ReleaseSigner(priv, chain);
        } catch (GeneralSecurityException | TlsException | OperatorCreationException e) {
            throw new IOException("the key release signing key " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(java.security.PublicKey pub, RSAPrivateCrtKey priv)
            throws OperatorCreationException, GeneralSecurityException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Trustplane key release,O=Trustplane");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(825))), name, pub);
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(priv)));
    }
}
