package dev.trustplane.server.tls;

import dev.trustplane.common.SecureFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the development TLS material on first start: a private CA and a server certificate for
 * 127.0.0.1, ::1 and localhost signed by it, so clients can trust one file ({@code tls/ca.pem}).
 *
 * <p>All four files are generated in memory, written into a fresh temporary directory and only then
 * renamed to {@code DIR/tls}: a crash leaves either no {@code tls} directory or a complete one.
 * Existing material is never replaced. Keys are ECDSA P-256, which every TLS client supports.
 */
public final class DevCertificateAuthority {
    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);

    private DevCertificateAuthority() {}

    /** Creates {@code tlsDir} with a new CA and server certificate; returns false if it already exists. */
    public static boolean createIfAbsent(Path tlsDir) throws IOException, GeneralSecurityException {
        if (Files.exists(tlsDir)) {
            return false;
        }
        Path parent = tlsDir.toAbsolutePath().getParent();
        Path staging = Files.createTempDirectory(parent, ".tls-");
        try {
            writeMaterial(staging);
            Files.move(staging, tlsDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * Issues a certificate for {@code subjectKey} from the development CA in {@code tlsDir}, with the same names
     * as the development server certificate; empty when there is no development CA (the operator brought their
     * own TLS material). Used for the key release signing certificate, so one trust anchor ({@code ca.pem})
     * covers both the TLS connection and the signed release responses.
     */
    public static java.util.Optional<java.util.List<X509Certificate>> issue(Path tlsDir, String commonName,
            java.security.PublicKey subjectKey) throws TlsException, GeneralSecurityException {
        if (!Files.exists(tlsDir.resolve(CA_KEY))) {
            return java.util.Optional.empty();
        }
        X509Certificate ca = Pem.readCertificates(tlsDir.resolve(CA_CERT)).getFirst();
        var caKeys = new KeyPair(ca.getPublicKey(), Pem.readPrivateKey(tlsDir.resolve(CA_KEY)));
        X509Certificate leaf = sign(new X500Name("CN=" + commonName + ",O=Trustplane"),
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), new KeyPair(subjectKey, null), caKeys,
                Instant.now(), SERVER_VALIDITY, false);
        return java.util.Optional.of(java.util.List.of(leaf, ca));
    }

    /**
     * Issues a client certificate (mutual TLS) from the development CA in {@code tlsDir} for {@code subjectKey}:
     * extended key usage clientAuth, common name {@code commonName} and the subject alternative names given as
     * {@code dns:NAME}, {@code uri:URI} or {@code email:ADDRESS}. For development and tests; production clients
     * get their certificates from the organisation's CA named by {@code serve --client-ca}.
     *
     * @throws TlsException when {@code tlsDir} holds no development CA, or a name has none of the three prefixes
     */
    public static X509Certificate issueClientCertificate(Path tlsDir, String commonName, java.util.List<String> altNames,
            java.security.PublicKey subjectKey, Duration validity) throws TlsException, GeneralSecurityException {
        if (!Files.exists(tlsDir.resolve(CA_KEY))) {
            throw new TlsException("no development CA in " + tlsDir);
        }
        X509Certificate ca = Pem.readCertificates(tlsDir.resolve(CA_CERT)).getFirst();
        var caKeys = new KeyPair(ca.getPublicKey(), Pem.readPrivateKey(tlsDir.resolve(CA_KEY)));
        GeneralName[] names = new GeneralName[altNames.size()];
        for (int i = 0; i < names.length; i++) {
            String n = altNames.get(i);
            int colon = n.indexOf(':');
            String value = colon < 0 ? "" : n.substring(colon + 1);
            names[i] = switch (colon < 0 ? "" : n.substring(0, colon)) {
                case "dns" -> new GeneralName(GeneralName.dNSName, value);
                case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                case "email" -> new GeneralName(GeneralName.rfc822Name, value);
                default -> throw new TlsException("alternative name '" + n + "' must start with dns:, uri: or email:");
            };
        }
        try {
            var extensions = new JcaX509ExtensionUtils();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    new BigInteger(127, new SecureRandom()).setBit(126), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), new X500Name(new org.bouncycastle.asn1.x500.X500NameBuilder()
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "Trustplane")
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build().getRDNs()),
                    subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.getPublicKey()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            if (names.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign a development client certificate", e);
        }
    }

    private static void writeMaterial(Path dir) throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        KeyPair caKeys = newKeyPair();
        X500Name caName = new X500Name("CN=Trustplane Development CA,O=Trustplane");
        X509Certificate ca = sign(caName, caName, caKeys, caKeys, now, CA_VALIDITY, true);
        KeyPair serverKeys = newKeyPair();
        X509Certificate server = sign(new X500Name("CN=localhost,O=Trustplane"), caName, serverKeys, caKeys, now,
                SERVER_VALIDITY, false);
        SecureFiles.createNew(dir.resolve(CA_CERT), Pem.certificate(ca), SecureFiles.PUBLIC);
        SecureFiles.createNew(dir.resolve(CA_KEY), Pem.privateKey(caKeys.getPrivate()), SecureFiles.OWNER_ONLY);
        SecureFiles.createNew(dir.resolve(SERVER_CERT), Pem.certificate(server) + Pem.certificate(ca), SecureFiles.PUBLIC);
        SecureFiles.createNew(dir.resolve(SERVER_KEY), Pem.privateKey(serverKeys.getPrivate()), SecureFiles.OWNER_ONLY);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys,
            Instant now, Duration validity, boolean isCa) throws GeneralSecurityException {
        try {
            var extensions = new JcaX509ExtensionUtils();
            BigInteger serial = new BigInteger(127, new SecureRandom()).setBit(126);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign development certificate", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
