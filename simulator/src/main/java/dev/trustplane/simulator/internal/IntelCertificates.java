package dev.trustplane.simulator.internal;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues certificates and CRLs shaped like Intel's SGX/TDX PKI: names
 * {@code CN=…, O=Intel Corporation, L=Santa Clara, ST=CA, C=US}, ECDSA P-256 with SHA-256, CA
 * certificates with BasicConstraints and KeyUsage, PCK certificates with the SGX extensions
 * (1.2.840.113741.1.13.1: PPID, TCB with 16 component SVNs, PCESVN and CPUSVN, PCE-ID, FMSPC, SGX
 * type) in Intel's order. ECDSA nonces come from the seed stream (SunEC takes them from the supplied
 * random), so everything is byte-for-byte reproducible.
 */
public final class IntelCertificates {
    private static final String SGX = "1.2.840.113741.1.13.1";

    private IntelCertificates() {}

    /** An Intel-style distinguished name with common name {@code cn}. */
    public static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).addRDN(BCStyle.O, "Intel Corporation")
                .addRDN(BCStyle.L, "Santa Clara").addRDN(BCStyle.ST, "CA").addRDN(BCStyle.C, "US").build();
    }

    /** A CA certificate (the root when {@code issuer} equals {@code subject}). */
    public static X509Certificate ca(String subject, String issuer, BigInteger serial, PublicKey key, PublicKey issuerKey,
            PrivateKey signer, Instant notBefore, Instant notAfter, int pathLen, SecureRandom random) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name(issuer), serial, Date.from(notBefore),
                    Date.from(notAfter), name(subject), key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.basicConstraints, true, pathLen < 0 ? new BasicConstraints(true)
                    : new BasicConstraints(pathLen));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + subject + " certificate", e);
        }
    }

    /** An end-entity certificate without SGX extensions (the TCB Signing certificate). */
    public static X509Certificate signing(String subject, String issuer, BigInteger serial, PublicKey key,
            PublicKey issuerKey, PrivateKey signer, Instant notBefore, Instant notAfter, SecureRandom random) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name(issuer), serial, Date.from(notBefore),
                    Date.from(notAfter), name(subject), key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + subject + " certificate", e);
        }
    }

    /** A PCK certificate carrying the SGX extensions. */
    public static X509Certificate pck(String issuer, BigInteger serial, PublicKey key, PublicKey issuerKey,
            PrivateKey signer, Instant notBefore, Instant notAfter, byte[] ppid, byte[] cpuSvn, int pceSvn, byte[] pceId,
            byte[] fmspc, int sgxType, SecureRandom random) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name(issuer), serial, Date.from(notBefore),
                    Date.from(notAfter), name("Intel SGX PCK Certificate"), key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ASN1EncodableVector tcb = new ASN1EncodableVector();
            for (int i = 0; i < 16; i++) {
                tcb.add(pair(SGX + ".2." + (i + 1), new ASN1Integer(cpuSvn[i] & 0xFF)));
            }
            tcb.add(pair(SGX + ".2.17", new ASN1Integer(pceSvn)));
            tcb.add(pair(SGX + ".2.18", new DEROctetString(cpuSvn)));
            ASN1EncodableVector all = new ASN1EncodableVector();
            all.add(pair(SGX + ".1", new DEROctetString(ppid)));
            all.add(pair(SGX + ".2", new DERSequence(tcb)));
            all.add(pair(SGX + ".3", new DEROctetString(pceId)));
            all.add(pair(SGX + ".4", new DEROctetString(fmspc)));
            all.add(pair(SGX + ".5", new ASN1Enumerated(sgxType)));
            b.addExtension(new ASN1ObjectIdentifier(SGX), false, new DERSequence(all));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue PCK certificate", e);
        }
    }

    /** A CRL of the CA named {@code issuer} listing {@code revoked}, revoked at {@code thisUpdate}. */
    public static X509CRL crl(String issuer, PublicKey issuerKey, PrivateKey signer, Instant thisUpdate, Instant nextUpdate,
            Collection<BigInteger> revoked, SecureRandom random) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(name(issuer), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(thisUpdate), 0);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuerKey));
            return new JcaX509CRLConverter().getCRL(b.build(signer(signer, random)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue CRL", e);
        }
    }

    private static DERSequence pair(String oid, org.bouncycastle.asn1.ASN1Encodable value) {
        return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }

    private static ContentSigner signer(PrivateKey key, SecureRandom random) throws Exception {
        // SunEC by name: it draws the ECDSA nonce from the supplied random, which makes signatures reproducible.
        return new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC").setSecureRandom(random).build(key);
    }

    /** Raw r‖s ECDSA P-256/SHA-256 signature with a nonce from {@code random} (SunEC). */
    public static byte[] signRaw(PrivateKey key, byte[] data, SecureRandom random) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
            s.initSign(key, random);
            s.update(data);
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 signing", e);
        }
    }
}
