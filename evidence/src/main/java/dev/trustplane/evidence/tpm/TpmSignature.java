package dev.trustplane.evidence.tpm;

import java.util.Optional;

/**
 * A quote signature, in one of two forms:
 * <ul>
 *   <li>a parsed TPMT_SIGNATURE: {@code u16 sigAlg | u16 hashAlg | signature} where the signature is
 *       a TPM2B (RSASSA, RSAPSS) or two TPM2Bs r, s (ECDSA) — {@link #parse(byte[])};</li>
 *   <li>a raw signature without algorithm header (the Azure vTPM / trustee containers ship the bare
 *       256-byte RSA signature) — {@link #raw(byte[])}. Its algorithm is then exactly the one pinned
 *       by the attestation key.</li>
 * </ul>
 * For ECDSA, {@link #bytes()} holds r and s as unsigned big-endian integers, each left-padded to the
 * same length (P1363 form), ready for {@code SHA256withECDSAinP1363Format}.
 */
public record TpmSignature(Optional<SignatureScheme> scheme, Optional<TpmHash> hash, byte[] bytes) {

    private static final int MAX_RSA = 512;

    public TpmSignature {
        if (scheme.isPresent() != hash.isPresent()) {
            throw new IllegalArgumentException("scheme and hash come together (TPMT_SIGNATURE) or not at all (raw)");
        }
        bytes = bytes.clone();
    }
    private static final int MAX_ECC_PARAM = 66;

    public static TpmSignature raw(byte[] signature) {
        return new TpmSignature(Optional.empty(), Optional.empty(), signature);
    }

    public static TpmSignature parse(byte[] tpmtSignature) throws TpmFormatException {
        TpmReader r = new TpmReader(tpmtSignature.clone(), "TPMT_SIGNATURE");
        int sigAlg = r.u16("sigAlg");
        SignatureScheme scheme = SignatureScheme.fromAlgId(sigAlg).orElseThrow(
                () -> r.fail("sigAlg", 0, String.format("unsupported signature algorithm 0x%04X", sigAlg)));
        int hashAlg = r.u16("signature.hash");
        TpmHash hash = TpmHash.fromAlgId(hashAlg).orElseThrow(
                () -> r.fail("signature.hash", 2, String.format("unsupported hash algorithm 0x%04X", hashAlg)));
        byte[] sig;
        if (scheme == SignatureScheme.ECDSA) {
            int rAt = r.position();
            byte[] rr = r.tpm2b("signature.signatureR", MAX_ECC_PARAM);
            byte[] ss = r.tpm2b("signature.signatureS", MAX_ECC_PARAM);
            if (rr.length == 0 || ss.length == 0) {
                throw r.fail("signature.signatureR", rAt, "empty ECDSA component");
            }
            sig = p1363(rr, ss);
        } else {
            int at = r.position();
            sig = r.tpm2b("signature.sig", MAX_RSA);
            if (sig.length == 0) {
                throw r.fail("signature.sig", at, "empty RSA signature");
            }
        }
        r.expectEnd();
        return new TpmSignature(Optional.of(scheme), Optional.of(hash), sig);
    }

    /** Left-pads r and s to a common length and concatenates them. */
    private static byte[] p1363(byte[] r, byte[] s) {
        int n = Math.max(r.length, s.length);
        byte[] out = new byte[2 * n];
        System.arraycopy(r, 0, out, n - r.length, r.length);
        System.arraycopy(s, 0, out, 2 * n - s.length, s.length);
        return out;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** True when the signature came without an algorithm header. */
    public boolean isRaw() {
        return scheme.isEmpty();
    }

    @Override
    public String toString() {
        return "TpmSignature[" + scheme.map(Enum::name).orElse("raw") + "/" + hash.map(Enum::name).orElse("-")
                + ", " + bytes.length + " B]";
    }
}
