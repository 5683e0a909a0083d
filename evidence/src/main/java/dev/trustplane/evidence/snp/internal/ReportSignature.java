package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.internal.CryptoProviders;
import dev.trustplane.evidence.snp.SnpReport;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * Checks the ECDSA P-384 / SHA-384 signature of an SNP report.
 *
 * <p>The hard part is the encoding: R and S are 72-byte <em>little-endian</em> fields (P-384 needs 48
 * bytes; the upper 24 are zero). JCA wants big-endian integers in a DER {@code SEQUENCE {INTEGER r,
 * INTEGER s}}, so each field is read as a little-endian unsigned integer ({@link SnpReport#signatureR()})
 * and re-encoded. Values outside [1, n) make the signature invalid; the provider checks that. The
 * message is bytes 0x000-0x29F; SHA-384 is applied by the {@code Signature} object.
 */
public final class ReportSignature {
    private static final int P384_FIELD_BITS = 384;
    private static final ECParameterSpec P384 = p384();

    private ReportSignature() {}

    /** Whether {@code key} (must be an EC P-384 key) signed {@code report}. */
    public static boolean verify(SnpReport report, PublicKey key) {
        if (!isP384(key)) {
            return false;
        }
        BigInteger r = report.signatureR();
        BigInteger s = report.signatureS();
        if (r.bitLength() > P384_FIELD_BITS || s.bitLength() > P384_FIELD_BITS) {
            return false;
        }
        try {
            Signature sig = CryptoProviders.ecdsaP384Verifier();
            sig.initVerify(key);
            sig.update(report.signedBytes());
            return sig.verify(der(r, s));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the key is an EC key on NIST P-384 (secp384r1), compared by curve, generator and order. */
    public static boolean isP384(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        ECParameterSpec p = ec.getParams();
        return P384.getCurve().equals(p.getCurve())
                && P384.getGenerator().equals(p.getGenerator())
                && P384.getOrder().equals(p.getOrder())
                && P384.getCofactor() == p.getCofactor();
    }

    private static ECParameterSpec p384() {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp384r1"));
            return ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secp384r1 is mandatory in every JDK", e);
        }
    }

    private static byte[] der(BigInteger r, BigInteger s) throws IOException {
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }
}
