package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustAnchor;
import java.math.BigInteger;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Validates an AMD chain leaf (VCEK/VLEK) &larr; intermediate (ASK/ASVK) &larr; root (ARK).
 *
 * <p>Trust comes only from the anchor keys of the trust profile: the intermediate must verify under
 * an anchor key; a supplied ARK certificate is optional and, when present, must carry exactly that
 * key, be self-signed and valid. Names are checked as AMD issues them: the ASK is {@code SEV-<product>},
 * the ASVK {@code SEV-VLEK-<product>}, and the leaf's issuer name equals the intermediate's subject.
 * Every problem is recorded; checking continues where it still makes sense.
 *
 * <p>Revocation: AMD's CRL is issued by the ARK and lists revoked ASKs/ASVKs (VCEKs are not revoked
 * individually; their serial is 0). The CRL must verify under the same anchor key.
 */
public final class ChainValidator {
    private ChainValidator() {}

    /** Input of one validation. */
    public record Input(
            X509Certificate leaf,
            boolean vlek,
            X509Certificate intermediate,
            Optional<X509Certificate> ark,
            Optional<X509CRL> crl,
            List<TrustAnchor> candidates,
            Instant now,
            boolean requireCrl) {}

    /**
     * Validates the chain, recording findings.
     *
     * @return the anchor the chain ends in, or empty when none does
     */
    public static Optional<TrustAnchor> validate(Input in, Findings f) {
        Optional<TrustAnchor> anchor = in.candidates().stream()
                .filter(a -> PssSignatures.certSignedBy(in.intermediate(), a.publicKey()))
                .findFirst();
        String intermediateName = in.vlek() ? "ASVK" : "ASK";
        if (anchor.isEmpty()) {
            f.add(ReasonCode.CHAIN_INVALID, intermediateName + " " + cn(in.intermediate().getSubjectX500Principal())
                    + " is not signed by a trusted ARK for "
                    + in.candidates().stream().map(TrustAnchor::product).distinct().toList());
        } else {
            String expected = (in.vlek() ? "SEV-VLEK-" : "SEV-") + anchor.get().product();
            String actual = cn(in.intermediate().getSubjectX500Principal());
            if (!expected.equals(actual)) {
                f.add(ReasonCode.CHAIN_INVALID, intermediateName + " is named " + actual + ", expected " + expected);
            }
        }
        checkLeaf(in, intermediateName, f);
        in.ark().ifPresent(ark -> checkArk(ark, in.intermediate(), anchor, in.now(), f));
        validity("ASK/ASVK", in.intermediate(), in.now(), f);
        validity(in.vlek() ? "VLEK" : "VCEK", in.leaf(), in.now(), f);
        checkRevocation(in, anchor, f);
        return anchor;
    }

    private static void checkLeaf(Input in, String intermediateName, Findings f) {
        if (!in.leaf().getIssuerX500Principal().equals(in.intermediate().getSubjectX500Principal())) {
            f.add(ReasonCode.CHAIN_INVALID, "leaf issuer " + cn(in.leaf().getIssuerX500Principal())
                    + " is not the " + intermediateName + " " + cn(in.intermediate().getSubjectX500Principal()));
        }
        if (!PssSignatures.certSignedBy(in.leaf(), in.intermediate().getPublicKey())) {
            f.add(ReasonCode.CHAIN_INVALID, "leaf certificate signature does not verify with the " + intermediateName);
        }
    }

    private static void checkArk(X509Certificate ark, X509Certificate intermediate, Optional<TrustAnchor> anchor,
            Instant now, Findings f) {
        if (anchor.isEmpty()) {
            return;
        }
        if (!Arrays.equals(ark.getPublicKey().getEncoded(), anchor.get().publicKey().getEncoded())) {
            f.add(ReasonCode.CHAIN_INVALID, "supplied ARK certificate does not carry the pinned ARK-"
                    + anchor.get().product() + " key");
            return;
        }
        if (!PssSignatures.certSignedBy(ark, ark.getPublicKey())) {
            f.add(ReasonCode.CHAIN_INVALID, "supplied ARK certificate is not validly self-signed");
        }
        if (!intermediate.getIssuerX500Principal().equals(ark.getSubjectX500Principal())) {
            f.add(ReasonCode.CHAIN_INVALID, "ASK/ASVK issuer is not the supplied ARK");
        }
        validity("ARK", ark, now, f);
    }

    private static void validity(String role, X509Certificate cert, Instant now, Findings f) {
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            f.add(ReasonCode.CERT_EXPIRED, role + " " + cn(cert.getSubjectX500Principal()) + " expired at "
                    + cert.getNotAfter().toInstant() + " (verification time " + now + ")");
        } catch (CertificateNotYetValidException e) {
            f.add(ReasonCode.CERT_EXPIRED, role + " " + cn(cert.getSubjectX500Principal()) + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (verification time " + now + ")");
        }
    }

    private static void checkRevocation(Input in, Optional<TrustAnchor> anchor, Findings f) {
        if (in.crl().isEmpty()) {
            if (in.requireCrl()) {
                f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "a CRL is required but none was supplied");
            } else {
                f.add(ReasonCode.CRL_NOT_CHECKED, "no CRL supplied; ASK/ASVK revocation not checked");
            }
            return;
        }
        X509CRL crl = in.crl().get();
        if (anchor.isEmpty() || !PssSignatures.crlSignedBy(crl, anchor.get().publicKey())) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "CRL " + cn(crl.getIssuerX500Principal())
                    + " does not verify with the trusted ARK");
            return;
        }
        if (!crl.getIssuerX500Principal().equals(in.intermediate().getIssuerX500Principal())) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "CRL issuer is not the ARK that issued the ASK/ASVK");
            return;
        }
        Date now = Date.from(in.now());
        if (crl.getThisUpdate().after(now)) {
            f.add(ReasonCode.COLLATERAL_UNAVAILABLE, "CRL is issued after the verification time");
            return;
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
            // A stale CRL still proves what it lists; it just cannot prove absence.
            f.add(in.requireCrl() ? ReasonCode.COLLATERAL_UNAVAILABLE : ReasonCode.CRL_NOT_CHECKED,
                    "CRL expired at " + crl.getNextUpdate().toInstant());
        }
        BigInteger serial = in.intermediate().getSerialNumber();
        X509CRLEntry entry = crl.getRevokedCertificate(serial);
        if (entry != null && !entry.getRevocationDate().after(now)) {
            f.add(ReasonCode.REVOKED, "ASK/ASVK serial " + serial + " revoked at " + entry.getRevocationDate().toInstant());
        }
    }

    /** The common name of a distinguished name, or the whole name when it has none. */
    public static String cn(X500Principal principal) {
        try {
            RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
            if (rdns.length > 0) {
                return IETFUtils.valueToString(rdns[0].getFirst().getValue());
            }
        } catch (RuntimeException e) {
            // fall through
        }
        return principal.getName();
    }
}
