package dev.trustplane.evidence.snp.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The AMD extensions of a VCEK or VLEK certificate (arc 1.3.6.1.4.1.3704.1, VCEK spec #57230).
 *
 * <p>.1 structVersion INTEGER; .2 productName IA5String ("Milan-B0", "Genoa", "Turin"); .3.1 blSPL,
 * .3.2 teeSPL, .3.3 snpSPL, .3.8 ucodeSPL, .3.9 fmcSPL (Turin) as DER INTEGERs of one or two content
 * bytes; .4 hwID (VCEK only) as <em>raw</em> bytes without a DER tag: 64 bytes = CHIP_ID before
 * Turin, 8 bytes on Turin. One synthetic certificate in circulation wraps hwID in an OCTET STRING;
 * that form is accepted too. .5 cspID (VLEK only) IA5String.
 *
 * <p>{@link X509Certificate#getExtensionValue} returns the extnValue OCTET STRING itself; the
 * content of that outer OCTET STRING is what AMD defines, so exactly one layer is unwrapped.
 *
 * @param productName productName, if present
 * @param bootLoader blSPL, or empty
 * @param tee teeSPL, or empty
 * @param snp snpSPL, or empty
 * @param microcode ucodeSPL, or empty
 * @param fmc fmcSPL, or empty
 * @param hwId hwID bytes, or empty
 * @param cspId cspID, or empty
 */
public record AmdExtensions(
        Optional<String> productName,
        OptionalInt bootLoader,
        OptionalInt tee,
        OptionalInt snp,
        OptionalInt microcode,
        OptionalInt fmc,
        Optional<byte[]> hwId,
        Optional<String> cspId) {

    private static final String ARC = "1.3.6.1.4.1.3704.1.";

    /** Reads the extensions; malformed values are reported, absent ones are empty. */
    public static AmdExtensions read(X509Certificate cert) throws EvidenceFormatException {
        return new AmdExtensions(
                string(cert, ARC + "2", "productName"),
                spl(cert, ARC + "3.1", "blSPL"),
                spl(cert, ARC + "3.2", "teeSPL"),
                spl(cert, ARC + "3.3", "snpSPL"),
                spl(cert, ARC + "3.8", "ucodeSPL"),
                spl(cert, ARC + "3.9", "fmcSPL"),
                hwId(cert),
                string(cert, ARC + "5", "cspID"));
    }

    private static Optional<byte[]> content(X509Certificate cert, String oid, String name)
            throws EvidenceFormatException {
        byte[] outer = cert.getExtensionValue(oid);
        if (outer == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1OctetString.getInstance(outer).getOctets());
        } catch (RuntimeException e) {
            throw bad(name, "extension value is not an OCTET STRING");
        }
    }

    private static ASN1Primitive der(byte[] bytes, String name) throws EvidenceFormatException {
        try {
            return ASN1Primitive.fromByteArray(bytes);
        } catch (IOException | RuntimeException e) {
            throw bad(name, "not valid DER");
        }
    }

    private static OptionalInt spl(X509Certificate cert, String oid, String name) throws EvidenceFormatException {
        Optional<byte[]> c = content(cert, oid, name);
        if (c.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!(der(c.get(), name) instanceof ASN1Integer i)) {
            throw bad(name, "not an INTEGER");
        }
        BigInteger v = i.getValue();
        if (v.signum() < 0 || v.bitLength() > 8) {
            throw bad(name, "SPL " + v + " outside 0..255");
        }
        return OptionalInt.of(v.intValue());
    }

    private static Optional<String> string(X509Certificate cert, String oid, String name)
            throws EvidenceFormatException {
        Optional<byte[]> c = content(cert, oid, name);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        ASN1Encodable v = der(c.get(), name);
        if (!(v instanceof ASN1String s)) {
            throw bad(name, "not a string");
        }
        return Optional.of(s.getString());
    }

    private static Optional<byte[]> hwId(X509Certificate cert) throws EvidenceFormatException {
        Optional<byte[]> c = content(cert, ARC + "4", "hwID");
        if (c.isEmpty()) {
            return c;
        }
        byte[] raw = c.get();
        if (raw.length == 8 || raw.length == 64) {
            return c;
        }
        if (der(raw, "hwID") instanceof ASN1OctetString wrapped) {
            byte[] inner = wrapped.getOctets();
            if (inner.length == 8 || inner.length == 64) {
                return Optional.of(inner);
            }
        }
        throw bad("hwID", "length " + raw.length + " is neither 8 nor 64 bytes");
    }

    private static EvidenceFormatException bad(String name, String detail) {
        return new EvidenceFormatException(ReasonCode.MALFORMED, "certificate extension " + name, -1, detail);
    }
}
