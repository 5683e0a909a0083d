package dev.trustplane.evidence.tpm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;

/** Test-side TPM marshalling (big-endian), to build quotes for schemes the real vectors lack. */
final class TpmMarshal {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TpmMarshal u8(int v) {
        out.write(v);
        return this;
    }

    TpmMarshal u16(int v) {
        return u8(v >> 8).u8(v);
    }

    TpmMarshal u32(long v) {
        return u16((int) (v >> 16)).u16((int) v);
    }

    TpmMarshal u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    TpmMarshal raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TpmMarshal tpm2b(byte[] b) {
        return u16(b.length).raw(b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] quote(byte[] signerName, byte[] nonce, List<PcrSelection> selections, byte[] pcrDigest) {
        TpmMarshal m = new TpmMarshal().u32(0xFF544347L).u16(0x8018).tpm2b(signerName).tpm2b(nonce)
                .u64(123456789L).u32(3).u32(1).u8(1).u64(0x2019102300163636L).u32(selections.size());
        for (PcrSelection s : selections) {
            byte[] map = s.bitmap();
            m.u16(s.hashAlgId()).u8(map.length).raw(map);
        }
        return m.tpm2b(pcrDigest).bytes();
    }

    /** TPMT_PUBLIC of a restricted signing key with an explicit scheme. */
    static byte[] publicArea(java.security.PublicKey key, SignatureScheme scheme, TpmHash hash) {
        TpmMarshal m = new TpmMarshal();
        long attributes = 0x00050072L; // fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|restricted|sign
        if (key instanceof RSAPublicKey rsa) {
            m.u16(TpmPublic.TPM_ALG_RSA).u16(TpmHash.SHA256.algId()).u32(attributes).tpm2b(new byte[0])
                    .u16(0x0010).u16(scheme.algId()).u16(hash.algId()).u16(rsa.getModulus().bitLength()).u32(0)
                    .tpm2b(unsigned(rsa.getModulus(), rsa.getModulus().bitLength() / 8));
        } else {
            ECPublicKey ec = (ECPublicKey) key;
            EcCurves curve = EcCurves.of(ec).orElseThrow();
            m.u16(TpmPublic.TPM_ALG_ECC).u16(TpmHash.SHA256.algId()).u32(attributes).tpm2b(new byte[0])
                    .u16(0x0010).u16(scheme.algId()).u16(hash.algId()).u16(curve.tpmId).u16(0x0010)
                    .tpm2b(unsigned(ec.getW().getAffineX(), curve.fieldBytes))
                    .tpm2b(unsigned(ec.getW().getAffineY(), curve.fieldBytes));
        }
        return m.bytes();
    }

    static byte[] rsaSignature(SignatureScheme scheme, TpmHash hash, byte[] sig) {
        return new TpmMarshal().u16(scheme.algId()).u16(hash.algId()).tpm2b(sig).bytes();
    }

    /** ECDSA TPMT_SIGNATURE from a P1363 r||s, with leading zero bytes of r and s stripped. */
    static byte[] ecdsaSignature(TpmHash hash, byte[] p1363) {
        int n = p1363.length / 2;
        return new TpmMarshal().u16(SignatureScheme.ECDSA.algId()).u16(hash.algId())
                .tpm2b(strip(Arrays.copyOf(p1363, n))).tpm2b(strip(Arrays.copyOfRange(p1363, n, 2 * n))).bytes();
    }

    static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(b.length, len);
        System.arraycopy(b, b.length - copy, out, len - copy, copy);
        return out;
    }

    private static byte[] strip(byte[] b) {
        int i = 0;
        while (i < b.length - 1 && b[i] == 0) {
            i++;
        }
        return Arrays.copyOfRange(b, i, b.length);
    }
}
