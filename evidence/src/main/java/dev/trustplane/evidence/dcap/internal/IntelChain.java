package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import dev.trustplane.evidence.snp.internal.Findings;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * Intel certificate checks shared by the PCK chain and the TCB Signing chain: signatures (ECDSA P-256
 * with SHA-256, as Intel issues them; the signature algorithm is pinned, not taken from the
 * certificate), validity at the verification time, and CRLs. Trust comes only from the anchor keys.
 */
public final class IntelChain {
    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

    private IntelChain() {}

    /**
     * Successful checks, keyed by (signed object, key): a signature check is a pure function of the
     * certificate's, CRL's or document's bytes (signature included) and the key, so a hit is as good as
     * a new check. It spares the chain and collateral checks when the same PCK chain and collateral
     * endorse many quotes. Only successes are kept, the size is bounded, and validity, names and
     * revocation still run on every verification. Certificates and CRLs compare by encoding; signed
     * JSON by identity (the same parsed collateral object, i.e. warm collateral).
     */
    private static final Map<Signed, Boolean> VERIFIED = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 4096;

    private record Signed(Object signed, PublicKey key) {}

    /** Whether {@code cert} is ECDSA-with-SHA256 and verifies with {@code key}. */
    public static boolean signedBy(X509Certificate cert, PublicKey key) {
        if (!ECDSA_SHA256.equals(cert.getSigAlgOID())) {
            return false;
        }
        try {
            return remembered(cert, key) || remember(cert, key,
                    P256.verifyDer(key, cert.getTBSCertificate(), cert.getSignature()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code crl} is ECDSA-with-SHA256 and verifies with {@code key}. */
    public static boolean signedBy(X509CRL crl, PublicKey key) {
        if (!ECDSA_SHA256.equals(crl.getSigAlgOID())) {
            return false;
        }
        try {
            return remembered(crl, key) || remember(crl, key, P256.verifyDer(key, crl.getTBSCertList(), crl.getSignature()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether signed Intel JSON verifies with {@code key} (raw r‖s over the exact body bytes). */
    public static boolean signedBy(SignedJson json, PublicKey key) {
        return remembered(json, key) || remember(json, key, P256.verify(key, json.body(), json.signature()));
    }

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

    /** The anchor whose key signed {@code cert}, if any. */
    public static Optional<TrustAnchor> anchorOf(X509Certificate cert, List<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            if (signedBy(cert, a.publicKey())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code cert} carries the anchor's key (a supplied root certificate). */
    public static boolean carries(X509Certificate cert, TrustAnchor anchor) {
        return Arrays.equals(cert.getPublicKey().getEncoded(), anchor.publicKey().getEncoded());
    }

    /** Records CERT_EXPIRED when {@code cert} is not valid at {@code now}. */
    public static void validity(String role, X509Certificate cert, Instant now, Findings f) {
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            f.add(ReasonCode.CERT_EXPIRED, role + " expired at " + cert.getNotAfter().toInstant()
                    + " (verification time " + now + ")");
        } catch (CertificateNotYetValidException e) {
            f.add(ReasonCode.CERT_EXPIRED, role + " is not valid before " + cert.getNotBefore().toInstant()
                    + " (verification time " + now + ")");
        }
    }

    /**
     * Checks {@code subject} against the newest usable CRL of {@code crls} signed by {@code issuerKey}:
     * REVOKED when listed; COLLATERAL_EXPIRED when the CRL is past nextUpdate (it still proves what it
     * lists); CRL_NOT_CHECKED (or COLLATERAL_UNAVAILABLE when required) when there is none.
     *
     * @return the CRL used, if any
     */
    public static Optional<X509CRL> revocation(String role, X509Certificate subject, PublicKey issuerKey,
            List<X509CRL> crls, Instant now, boolean requireCrl, boolean requireFresh, Findings f) {
        X500Principal issuer = subject.getIssuerX500Principal();
        Optional<X509CRL> crl = Optional.empty();
        boolean offered = false;
        for (X509CRL c : crls) {
            if (c.getIssuerX500Principal().equals(issuer)) {
                offered = true;
                if (signedBy(c, issuerKey) && !c.getThisUpdate().toInstant().isAfter(now)) {
                    crl = Optional.of(c);
                    break;
                }
            }
        }
        if (crl.isEmpty()) {
            String why = offered ? "the CRL of " + Names.cn(subject.getIssuerX500Principal())
                    + " does not verify or is issued after the verification time" : "no CRL of "
                    + Names.cn(subject.getIssuerX500Principal()) + " supplied";
            if (offered || requireCrl) {
                f.add(ReasonCode.COLLATERAL_UNAVAILABLE, why + "; " + role + " revocation not checked");
            } else {
                f.add(ReasonCode.CRL_NOT_CHECKED, why + "; " + role + " revocation not checked");
            }
            return Optional.empty();
        }
        X509CRL c = crl.get();
        if (c.getNextUpdate() != null && c.getNextUpdate().toInstant().isBefore(now)) {
            f.add(requireFresh ? ReasonCode.COLLATERAL_UNAVAILABLE : ReasonCode.COLLATERAL_EXPIRED, "CRL of "
                    + Names.cn(c.getIssuerX500Principal()) + " expired at " + c.getNextUpdate().toInstant());
        }
        BigInteger serial = subject.getSerialNumber();
        X509CRLEntry entry = c.getRevokedCertificate(serial);
        if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
            f.add(ReasonCode.REVOKED, role + " serial " + serial.toString(16) + " revoked at "
                    + entry.getRevocationDate().toInstant());
        }
        return crl;
    }
}
