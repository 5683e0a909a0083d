package dev.trustplane.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Encodes a TPM 2.0 TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TCG TPM 2.0 Library Part 2), big-endian:
 *
 * <pre>
 * u32 magic 0xFF544347 | u16 type 0x8018 | TPM2B_NAME qualifiedSigner | TPM2B_DATA extraData
 * | clockInfo {u64 clock, u32 resetCount, u32 restartCount, u8 safe} | u64 firmwareVersion
 * | TPML_PCR_SELECTION {u32 count=1, u16 hash 0x000B (SHA-256), u8 sizeofSelect 3, bitmap}
 * | TPM2B_DIGEST pcrDigest = SHA-256(PCR values of the selected indices, ascending)
 * </pre>
 * PCR i is bit (i % 8) of bitmap byte i / 8. Only the SHA-256 bank is produced, as Azure vTPMs quote it.
 */
public final class TpmQuoteEncoder {
    private static final int TPM_ALG_SHA256 = 0x000B;

    private TpmQuoteEncoder() {}

    /**
     * The fields of one quote.
     *
     * @param qualifiedSigner the TPM2B_NAME content (nameAlg || digest)
     * @param extraData the caller's qualifying data (the nonce), at most 64 bytes
     * @param clock clockInfo.clock (milliseconds)
     * @param resetCount clockInfo.resetCount
     * @param restartCount clockInfo.restartCount
     * @param firmwareVersion the TPM firmware version
     * @param pcrs the SHA-256 bank, PCR 0 first (24 values of 32 bytes); all are selected
     */
    public record Fields(byte[] qualifiedSigner, byte[] extraData, long clock, long resetCount, long restartCount,
            long firmwareVersion, List<byte[]> pcrs) {}

    /** The TPMS_ATTEST bytes (what the AK signs). */
    public static byte[] encode(Fields f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u32(out, 0xFF544347L);
        u16(out, 0x8018);
        tpm2b(out, f.qualifiedSigner());
        tpm2b(out, f.extraData());
        out.writeBytes(ByteBuffer.allocate(8).putLong(f.clock()).array());
        u32(out, f.resetCount());
        u32(out, f.restartCount());
        out.write(1); // safe
        out.writeBytes(ByteBuffer.allocate(8).putLong(f.firmwareVersion()).array());
        u32(out, 1);
        u16(out, TPM_ALG_SHA256);
        byte[] bitmap = new byte[3];
        for (int i = 0; i < f.pcrs().size(); i++) {
            bitmap[i / 8] |= (byte) (1 << (i % 8));
        }
        out.write(bitmap.length);
        out.writeBytes(bitmap);
        tpm2b(out, pcrDigest(f.pcrs()));
        return out.toByteArray();
    }

    /** SHA-256 over the concatenated PCR values, in index order. */
    public static byte[] pcrDigest(List<byte[]> pcrs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            pcrs.forEach(md::update);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    private static void tpm2b(ByteArrayOutputStream out, byte[] data) {
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
    }
}
