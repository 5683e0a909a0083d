package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.internal.CryptoProviders;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Verifies AMD certificate and CRL signatures: RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48,
 * trailer 1 — pinned. The algorithm a certificate declares must be exactly that (explicit or default
 * trailer field both accepted), and the signature is then checked with our own parameters rather than
 * with whatever the certificate declares, so the input never chooses the algorithm.
 */
public final class PssSignatures {
    private static final ASN1ObjectIdentifier SHA384 = NISTObjectIdentifiers.id_sha384;

    private PssSignatures() {}

    /** Why the declared algorithm is not AMD's RSA-PSS profile, or empty when it is. */
    public static Optional<String> algorithmProblem(String oid, byte[] params) {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.getId().equals(oid)) {
            return Optional.of("signature algorithm " + oid + " is not RSASSA-PSS");
        }
        try {
            RSASSAPSSparams p = RSASSAPSSparams.getInstance(params);
            AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
            boolean ok = SHA384.equals(p.getHashAlgorithm().getAlgorithm())
                    && PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                    && SHA384.equals(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm())
                    && p.getSaltLength().intValueExact() == 48
                    && p.getTrailerField().intValueExact() == 1;
            return ok ? Optional.empty() : Optional.of("RSASSA-PSS parameters are not SHA-384/MGF1-SHA-384/salt 48");
        } catch (RuntimeException e) {
            return Optional.of("RSASSA-PSS parameters cannot be decoded");
        }
    }

    /** Whether {@code cert} is signed by {@code issuerKey} with AMD's PSS profile. */
    public static boolean certSignedBy(X509Certificate cert, PublicKey issuerKey) {
        try {
            return remembered(cert, issuerKey) || remember(cert, issuerKey,
                    algorithmProblem(cert.getSigAlgOID(), cert.getSigAlgParams()).isEmpty()
                            && verify(issuerKey, cert.getTBSCertificate(), cert.getSignature()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code crl} is signed by {@code issuerKey} with AMD's PSS profile. */
    public static boolean crlSignedBy(X509CRL crl, PublicKey issuerKey) {
        try {
            return remembered(crl, issuerKey) || remember(crl, issuerKey,
                    algorithmProblem(crl.getSigAlgOID(), crl.getSigAlgParams()).isEmpty()
                            && verify(issuerKey, crl.getTBSCertList(), crl.getSignature()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Successful checks, keyed by (signed object, issuer key). A signature check is a pure function of the
     * certificate's or CRL's bytes (which include the signature) and the key, and both types compare by
     * their encoding, so a hit is as good as a new check; it saves the two RSA-4096 checks per report
     * when the same chain endorses many reports. Only successes are kept, the size is bounded, and every
     * other check (validity, names, revocation) still runs on every verification.
     */
    private static final Map<Signed, Boolean> VERIFIED = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 4096;

    private record Signed(Object certOrCrl, PublicKey key) {}

    private static boolean remembered(Object signed, PublicKey key) {
        return VERIFIED.containsKey(new Signed(signed, key));
    }

    private static boolean remember(Object signed, PublicKey key, boolean ok) {
        if (ok) {
            if (VERIFIED.size() >= MAX_REMEMBERED) {
                VERIFIED.clear();
            }
            VERIFIED.put(new Signed(signed, key), Boolean.TRUE);
        }
        return ok;
    }

    private static boolean verify(PublicKey key, byte[] tbs, byte[] signature) throws GeneralSecurityException {
        if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            return false;
        }
        Signature s = CryptoProviders.rsaPssSha384Verifier();
        s.initVerify(key);
        s.update(tbs);
        return s.verify(signature);
    }
}
