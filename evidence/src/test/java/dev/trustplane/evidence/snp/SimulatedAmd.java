package dev.trustplane.evidence.snp;

import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.TrustProfile;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway AMD-shaped PKI for tests: RSA-PSS "ARK" and "ASK", an EC P-384 "VCEK" with AMD
 * extensions, CRLs, and reports signed like real firmware signs them. Stands in for the simulator
 * until it exists, and exercises the {@link TrustProfile#simulated} hook.
 */
final class SimulatedAmd {
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2032-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String PSS = "SHA384WITHRSAANDMGF1";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String ARC = "1.3.6.1.4.1.3704.1.";

    final SnpProduct product;
    final KeyPair arkKeys;
    final KeyPair askKeys;
    final KeyPair vcekKeys;
    final X509Certificate ark;
    final X509Certificate ask;
    final X509Certificate vcek;
    final byte[] chipId;

    SimulatedAmd(SnpProduct product, int bl, int tee, int snp, int ucode, int fmc) throws Exception {
        this.product = product;
        arkKeys = rsa();
        askKeys = rsa();
        vcekKeys = ec("secp384r1");
        chipId = new byte[64];
        for (int i = 0; i < product.hwIdLength(); i++) {
            chipId[i] = (byte) (0xA0 + i);
        }
        String p = product.kdsName();
        ark = cert(name("ARK-" + p), name("ARK-" + p), BigInteger.valueOf(65536), arkKeys.getPublic(),
                arkKeys.getPrivate(), PSS, null);
        ask = cert(name("ARK-" + p), name("SEV-" + p), BigInteger.valueOf(65537), askKeys.getPublic(),
                arkKeys.getPrivate(), PSS, null);
        vcek = vcek(vcekKeys.getPublic(), PSS, new int[] {bl, tee, snp, ucode, fmc}, true);
    }

    private static SimulatedAmd milan;
    private static SimulatedAmd turin;

    /** A shared Milan PKI (key generation is slow on a loaded machine; the PKI is never mutated). */
    static synchronized SimulatedAmd milan() throws Exception {
        if (milan == null) {
            milan = new SimulatedAmd(SnpProduct.MILAN, 4, 0, 24, 219, 0);
        }
        return milan;
    }

    /** A shared Turin PKI. */
    static synchronized SimulatedAmd turin() throws Exception {
        if (turin == null) {
            turin = new SimulatedAmd(SnpProduct.TURIN, 4, 0, 24, 219, 1);
        }
        return turin;
    }

    TrustProfile profile() {
        return TrustProfile.simulated(List.of(new TrustAnchor(TrustAnchor.AMD_SEV_SNP, product.kdsName(),
                arkKeys.getPublic())));
    }

    SnpCollateral collateral() {
        return SnpCollateral.of(vcek, ask);
    }

    /** A VCEK for this chain; {@code spls} = bl, tee, snp, ucode, fmc; null entries are omitted. */
    X509Certificate vcek(PublicKey key, String algorithm, int[] spls, boolean withHwId) throws Exception {
        return vcek(key, algorithm, spls, withHwId, true);
    }

    X509Certificate vcek(PublicKey key, String algorithm, int[] spls, boolean withHwId, boolean withProductName)
            throws Exception {
        return cert(name("SEV-" + product.kdsName()), name("SEV-VCEK"), BigInteger.ZERO, key,
                askKeys.getPrivate(), algorithm, b -> {
                    b.addExtension(new ASN1ObjectIdentifier(ARC + "1"), false,
                            new ASN1Integer(product == SnpProduct.TURIN ? 1 : 0));
                    if (withProductName) {
                        b.addExtension(new ASN1ObjectIdentifier(ARC + "2"), false, new DERIA5String(
                                product == SnpProduct.MILAN ? "Milan-B0" : product.kdsName()));
                    }
                    String[] oids = {"3.1", "3.2", "3.3", "3.8", "3.9"};
                    for (int i = 0; i < oids.length; i++) {
                        if (spls[i] >= 0 && (i < 4 || product == SnpProduct.TURIN)) {
                            b.addExtension(new ASN1ObjectIdentifier(ARC + oids[i]), false, new ASN1Integer(spls[i]));
                        }
                    }
                    if (withHwId) {
                        byte[] hw = Arrays.copyOf(chipId, product.hwIdLength());
                        b.addExtension(new ASN1ObjectIdentifier(ARC + "4"), false, hw);
                    }
                });
    }

    /** A report for this chip, signed by the VCEK. */
    SnpReportBuilder report(int version) {
        TcbVersion tcb = TcbVersion.of(product.tcbLayout(), product == SnpProduct.TURIN ? 1 : 0, 4, 0, 24, 219);
        SnpReportBuilder b = SnpReportBuilder.create(version)
                .policy(0x3001f)
                .reportedTcb(tcb)
                .currentTcb(tcb)
                .committedTcb(tcb)
                .launchTcb(tcb)
                .chipId(chipId)
                .measurement(SnpReportParseTest.filled(48, 0x42))
                .currentFirmware(new FirmwareVersion(1, 55, 29));
        if (version >= 3) {
            b.cpuid(switch (product) {
                case MILAN -> new CpuId(0x19, 0x01, 0x01);
                case GENOA -> new CpuId(0x19, 0x11, 0x01);
                case TURIN -> new CpuId(0x1A, 0x02, 0x01);
            });
        }
        return b;
    }

    static byte[] sign(SnpReportBuilder b, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA384withECDSA");
        s.initSign(key);
        s.update(b.signedBytes());
        ASN1Sequence rs = ASN1Sequence.getInstance(s.sign());
        return b.signature(ASN1Integer.getInstance(rs.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(rs.getObjectAt(1)).getValue()).build().toBytes();
    }

    byte[] signedReport(int version) throws Exception {
        return sign(report(version), vcekKeys.getPrivate());
    }

    /** A CRL issued by {@code signer} in the ARK's name, revoking {@code revoked} serials. */
    X509CRL crl(PrivateKey signer, Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(name("ARK-" + product.kdsName()), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            b.addCRLEntry(serial, Date.from(thisUpdate), 0);
        }
        X509CRLHolder holder = b.build(signer(PSS, signer));
        return new JcaX509CRLConverter().getCRL(holder);
    }

    interface Extensions {
        void add(X509v3CertificateBuilder b) throws Exception;
    }

    static X509Certificate cert(X500Name issuer, X500Name subject, BigInteger serial, PublicKey key,
            PrivateKey signer, String algorithm, Extensions ext) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(NOT_BEFORE),
                Date.from(NOT_AFTER), subject, key);
        if (ext != null) {
            ext.add(b);
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(algorithm, signer)));
    }

    static ContentSigner signer(String algorithm, PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
    }

    static X500Name name(String cn) {
        return new X500Name("OU=Engineering,C=US,L=Santa Clara,ST=CA,O=Advanced Micro Devices,CN=" + cn);
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }
}
