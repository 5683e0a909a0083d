package dev.trustplane.simulator.internal;

import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.TcbVersion;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Issues certificates and CRLs shaped like AMD's, field for field (compared with the real ARK, ASK
 * and VCEK certificates of Milan, Genoa and Turin):
 *
 * <ul>
 *   <li>names {@code OU=Engineering, C=US, L=Santa Clara, ST=CA, O=Advanced Micro Devices, CN=...}
 *       in that order, UTF8String except the PrintableString country;
 *   <li>ARK: self-signed, KeyUsage(keyCertSign, cRLSign) critical, SubjectKeyIdentifier,
 *       BasicConstraints(CA) critical, CRL distribution point {@code https://kdsintf.amd.com/vcek/v1/<product>/crl};
 *   <li>ASK: SubjectKeyIdentifier, AuthorityKeyIdentifier (key id), BasicConstraints(CA, pathlen 0)
 *       critical, KeyUsage(keyCertSign) critical, the same CRL distribution point;
 *   <li>ARK and ASK signatures declare the PSS trailer field explicitly, VCEKs do not;
 *   <li>VCEK: serial 0, 7-year validity, the AMD extensions in AMD's order — Milan/Genoa: structVersion 0,
 *       productName, blSPL, teeSPL, spl_4..spl_7 = 0, snpSPL, ucodeSPL, hwID (64 raw bytes);
 *       Turin: structVersion 1, productName, fmcSPL, blSPL, teeSPL, snpSPL, spl_5..spl_7 = 0, ucodeSPL,
 *       hwID (8 raw bytes). hwID is stored raw, without an OCTET STRING tag, as AMD does.
 * </ul>
 * The CRL (issuer ARK, v2, AuthorityKeyIdentifier) has not been compared with a real AMD CRL: none
 * was at hand.
 */
public final class AmdCertificates {
    private static final String ARC = "1.3.6.1.4.1.3704.1.";

    private AmdCertificates() {}

    /** An AMD-style distinguished name with the given common name. */
    public static X500Name name(String cn) {
        return new X500Name("OU=Engineering,C=US,L=Santa Clara,ST=CA,O=Advanced Micro Devices,CN=" + cn);
    }

    /** The ARK certificate for a product. */
    public static X509Certificate ark(SnpProduct product, PublicKey key, PrivateKey signer, BigInteger serial,
            Instant notBefore, Instant notAfter, SecureRandom random) {
        try {
            X500Name name = name("ARK-" + product.kdsName());
            X509v3CertificateBuilder b = builder(name, serial, notBefore, notAfter, name, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(product));
            return convert(b.build(new PssContentSigner(signer, true, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue ARK certificate", e);
        }
    }

    /** The ASK certificate for a product, signed by the ARK. */
    public static X509Certificate ask(SnpProduct product, PublicKey key, PublicKey arkKey, PrivateKey arkSigner,
            BigInteger serial, Instant notBefore, Instant notAfter, SecureRandom random) {
        try {
            X509v3CertificateBuilder b = builder(name("ARK-" + product.kdsName()), serial, notBefore, notAfter,
                    name("SEV-" + product.kdsName()), key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(arkKey));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            b.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(product));
            return convert(b.build(new PssContentSigner(arkSigner, true, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue ASK certificate", e);
        }
    }

    /** A VCEK certificate for one chip and reported TCB, signed by the ASK. */
    public static X509Certificate vcek(SnpProduct product, PublicKey key, PrivateKey askSigner, byte[] chipId,
            TcbVersion reportedTcb, Instant notBefore, SecureRandom random) {
        TcbVersion.Components tcb = reportedTcb.decode(product.tcbLayout());
        boolean turin = product == SnpProduct.TURIN;
        try {
            X509v3CertificateBuilder b = builder(name("SEV-" + product.kdsName()), BigInteger.ZERO, notBefore,
                    notBefore.atZone(java.time.ZoneOffset.UTC).plusYears(7).toInstant(), name("SEV-VCEK"), key);
            amd(b, "1", new ASN1Integer(turin ? 1 : 0));
            amd(b, "2", new DERIA5String(product == SnpProduct.MILAN ? "Milan-B0" : product.kdsName()));
            if (turin) {
                amd(b, "3.9", new ASN1Integer(tcb.fmc()));
            }
            amd(b, "3.1", new ASN1Integer(tcb.bootLoader()));
            amd(b, "3.2", new ASN1Integer(tcb.tee()));
            if (turin) {
                amd(b, "3.3", new ASN1Integer(tcb.snp()));
            }
            for (int reserved = turin ? 5 : 4; reserved <= 7; reserved++) {
                amd(b, "3." + reserved, new ASN1Integer(0));
            }
            if (!turin) {
                amd(b, "3.3", new ASN1Integer(tcb.snp()));
            }
            amd(b, "3.8", new ASN1Integer(tcb.microcode()));
            b.addExtension(new ASN1ObjectIdentifier(ARC + "4"), false, Arrays.copyOf(chipId, product.hwIdLength()));
            return convert(b.build(new PssContentSigner(askSigner, false, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue VCEK certificate", e);
        }
    }

    /** A CRL issued by the ARK listing {@code revoked} serials, revoked at {@code thisUpdate}. */
    public static X509CRL crl(SnpProduct product, PublicKey arkKey, PrivateKey arkSigner, Instant thisUpdate,
            Instant nextUpdate, Collection<BigInteger> revoked, SecureRandom random) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(name("ARK-" + product.kdsName()), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(thisUpdate), 0);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(arkKey));
            X509CRLHolder holder = b.build(new PssContentSigner(arkSigner, true, random));
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue CRL", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, BigInteger serial, Instant notBefore,
            Instant notAfter, X500Name subject, PublicKey key) {
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    private static void amd(X509v3CertificateBuilder b, String suffix, org.bouncycastle.asn1.ASN1Encodable value)
            throws CertIOException {
        b.addExtension(new ASN1ObjectIdentifier(ARC + suffix), false, value);
    }

    private static CRLDistPoint crlDistributionPoint(SnpProduct product) {
        GeneralName uri = new GeneralName(GeneralName.uniformResourceIdentifier,
                "https://kdsintf.amd.com/vcek/v1/" + product.kdsName() + "/crl");
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(uri)), null, null)});
    }

    private static X509Certificate convert(org.bouncycastle.cert.X509CertificateHolder holder)
            throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
