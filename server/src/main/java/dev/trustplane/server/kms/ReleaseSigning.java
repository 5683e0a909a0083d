package dev.trustplane.server.kms;

import dev.trustplane.attestation.SelfSignedCertificates;
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
import java.util.Arrays;
import java.util.List;
import dev.trustplane.server.servicekeys.ServiceKeys;

/**
 * The key that signs secure key release responses: RSA-2048, the store's service key {@link ServiceKeys#RELEASE}
 * (one for every replica; with a security domain, recovered with it). A data dir from before the store kept it holds
 * {@code kms/release-signing.pk8} (PKCS#8): the first start moves it into the store and deletes the file. Its
 * certificate is issued at each start by the development CA when the server uses one (so workloads verify release
 * responses against the same {@code tls/ca.pem} they already trust for TLS), and is self-signed otherwise —
 * operators with their own PKI then distribute that certificate, which the log line at start names.
 */
final class ReleaseSigning {
    static final String KEY_FILE = "kms/release-signing.pk8";

    private ReleaseSigning() {}

    static ReleaseSigner loadOrCreate(Path dataDir, ServiceKeys keys) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        byte[] pkcs8 = null;
        try {
            if (keys.load(ServiceKeys.RELEASE).isEmpty()) {
                byte[] candidate = Files.exists(file) ? Files.readAllBytes(file) : newKey();
                try {
                    keys.add(ServiceKeys.RELEASE, 0, "", candidate); // false: another replica was first
                } finally {
                    Arrays.fill(candidate, (byte) 0);
                }
            }
            pkcs8 = keys.load(ServiceKeys.RELEASE).getFirst().privateKey();
            if (Files.exists(file)) {
                byte[] old = Files.readAllBytes(file);
                boolean same = Arrays.equals(old, pkcs8);
                Arrays.fill(old, (byte) 0);
                if (!same) {
                    throw new IOException("the key release signing key " + file + " is not the store's: servers sharing "
                            + "a store share one key; delete the file if the store's is the one agents trust");
                }
                Files.delete(file);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            var pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            List<X509Certificate> chain = DevCertificateAuthority.issue(dataDir.resolve("tls"), "Trustplane key release", pub)
                    .orElse(null);
            if (chain == null) {
                chain = List.of(SelfSignedCertificates.issue("CN=Trustplane key release,O=Trustplane", new KeyPair(pub, priv),
                        Instant.now(), Duration.ofDays(825)));
            }
            return new ReleaseSigner(priv, chain);
        } catch (GeneralSecurityException | TlsException e) {
            throw new IOException("the key release signing key is unusable: " + e.getMessage(), e);
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    private static byte[] newKey() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair().getPrivate().getEncoded();
    }
}
