package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): the values that select
 * the TCB Info (FMSPC, PCE-ID) and the platform TCB the certificate vouches for (16 CPU SVN components
 * and the PCE SVN). Decoded with Bouncy Castle's ASN.1 parser; anything out of shape is a typed error
 * naming the OID.
 *
 * @param ppid the 16-byte platform provisioning ID
 * @param cpuSvnComponents the 16 SGX TCB component SVNs (OIDs .2.1 to .2.16)
 * @param pceSvn the PCE SVN (.2.17)
 * @param cpuSvn the raw CPUSVN (.2.18)
 * @param pceId 2 bytes
 * @param fmspc 6 bytes
 * @param sgxType 0 standard, 1 scalable, 2 scalable with integrity
 */
public record PckExtensions(byte[] ppid, int[] cpuSvnComponents, int pceSvn, byte[] cpuSvn, byte[] pceId, byte[] fmspc,
        int sgxType) {
    /** The SGX extension OID. */
    public static final String SGX_EXTENSIONS = "1.2.840.113741.1.13.1";
    private static final int MAX_EXTENSION = 4096;

    /** Reads the extensions of a PCK certificate. */
    public static PckExtensions read(X509Certificate pck) throws EvidenceFormatException {
        byte[] wrapped = pck.getExtensionValue(SGX_EXTENSIONS);
        if (wrapped == null) {
            throw bad(SGX_EXTENSIONS, "the PCK certificate has no SGX extensions");
        }
        if (wrapped.length > MAX_EXTENSION) {
            throw bad(SGX_EXTENSIONS, "extension larger than " + MAX_EXTENSION + " bytes");
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets());
            Map<String, ASN1Encodable> top = pairs(ASN1Sequence.getInstance(value));
            Map<String, ASN1Encodable> tcb = pairs(ASN1Sequence.getInstance(require(top, ".2")));
            int[] components = new int[16];
            for (int i = 0; i < 16; i++) {
                components[i] = smallInt(require(tcb, ".2." + (i + 1)), ".2." + (i + 1));
            }
            int pceSvn = smallInt(require(tcb, ".2.17"), ".2.17");
            byte[] cpuSvn = octets(require(tcb, ".2.18"), ".2.18", 16);
            int sgxType = Optional.ofNullable(top.get(".5"))
                    .map(v -> ASN1Enumerated.getInstance(v).getValue().intValueExact()).orElse(0);
            return new PckExtensions(octets(require(top, ".1"), ".1", 16), components, pceSvn, cpuSvn,
                    octets(require(top, ".3"), ".3", 2), octets(require(top, ".4"), ".4", 6), sgxType);
        } catch (java.io.IOException | RuntimeException e) {
            throw bad(SGX_EXTENSIONS, "not the SGX extension structure (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, ASN1Encodable> pairs(ASN1Sequence seq) throws EvidenceFormatException {
        Map<String, ASN1Encodable> out = new HashMap<>();
        for (ASN1Encodable e : seq) {
            ASN1Sequence pair = ASN1Sequence.getInstance(e);
            if (pair.size() != 2) {
                throw bad(SGX_EXTENSIONS, "an entry is not an (OID, value) pair");
            }
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            if (oid.startsWith(SGX_EXTENSIONS + ".")) {
                out.put(oid.substring(SGX_EXTENSIONS.length()), pair.getObjectAt(1));
            }
        }
        return out;
    }

    private static ASN1Encodable require(Map<String, ASN1Encodable> map, String suffix) throws EvidenceFormatException {
        ASN1Encodable v = map.get(suffix);
        if (v == null) {
            throw bad(SGX_EXTENSIONS + suffix, "missing from the PCK certificate");
        }
        return v;
    }

    private static int smallInt(ASN1Encodable v, String suffix) throws EvidenceFormatException {
        BigInteger i = ASN1Integer.getInstance(v).getValue();
        if (i.signum() < 0 || i.bitLength() > 16) {
            throw bad(SGX_EXTENSIONS + suffix, "SVN " + i + " out of range");
        }
        return i.intValue();
    }

    private static byte[] octets(ASN1Encodable v, String suffix, int length) throws EvidenceFormatException {
        byte[] b = ASN1OctetString.getInstance(v).getOctets();
        if (b.length != length) {
            throw bad(SGX_EXTENSIONS + suffix, "has " + b.length + " bytes, expected " + length);
        }
        return b;
    }

    private static EvidenceFormatException bad(String field, String detail) {
        return new EvidenceFormatException(ReasonCode.CHAIN_INVALID, field, -1, detail);
    }
}
