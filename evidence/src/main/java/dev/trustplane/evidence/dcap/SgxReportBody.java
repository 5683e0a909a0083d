package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.dcap.internal.QuoteReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An SGX REPORT BODY (384 bytes): the enclave body of an SGX quote and the Quoting Enclave's report.
 * Multi-byte integers are little-endian; byte fields are kept as they appear. Arrays are the parser's
 * own copies and are not copied again on access: treat them as read-only.
 *
 * @param raw the 384 bytes as signed (the QE report signature covers exactly these)
 */
public record SgxReportBody(
        byte[] cpuSvn,
        long miscSelect,
        byte[] isvExtProdId,
        byte[] attributes,
        byte[] mrEnclave,
        byte[] mrSigner,
        byte[] configId,
        int isvProdId,
        int isvSvn,
        int configSvn,
        byte[] isvFamilyId,
        byte[] reportData,
        byte[] raw) {
    /** Size in bytes. */
    public static final int SIZE = 384;
    /** ATTRIBUTES.flags bit 1: the enclave can be debugged. */
    public static final long FLAG_DEBUG = 1L << 1;

    /** Reads 384 bytes at the reader's position; {@code what} prefixes field names in errors. */
    public static SgxReportBody read(QuoteReader r, String what) throws EvidenceFormatException {
        byte[] raw = r.bytes(what, SIZE);
        return of(raw);
    }

    /** Decodes exactly 384 bytes (length checked by the caller). */
    public static SgxReportBody of(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new SgxReportBody(slice(raw, 0, 16), b.getInt(16) & 0xFFFFFFFFL, slice(raw, 32, 16), slice(raw, 48, 16),
                slice(raw, 64, 32), slice(raw, 128, 32), slice(raw, 192, 64), b.getShort(256) & 0xFFFF,
                b.getShort(258) & 0xFFFF, b.getShort(260) & 0xFFFF, slice(raw, 304, 16), slice(raw, 320, 64), raw);
    }

    /** ATTRIBUTES.flags (first 8 bytes, little-endian). */
    public long flags() {
        return QuoteReader.u64(attributes, 0);
    }

    /** ATTRIBUTES.xfrm (last 8 bytes, little-endian). */
    public long xfrm() {
        return QuoteReader.u64(attributes, 8);
    }

    /** Whether the DEBUG attribute is set. */
    public boolean debug() {
        return (flags() & FLAG_DEBUG) != 0;
    }

    /** Encodes the fields (reserved bytes zero) — the simulator's inverse of {@link #of}. */
    public static byte[] encode(byte[] cpuSvn, long miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner,
            byte[] configId, int isvProdId, int isvSvn, int configSvn, byte[] reportData) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, fit(cpuSvn, 16)).putInt(16, (int) miscSelect).put(48, fit(attributes, 16)).put(64, fit(mrEnclave, 32))
                .put(128, fit(mrSigner, 32)).put(192, fit(configId, 64)).putShort(256, (short) isvProdId)
                .putShort(258, (short) isvSvn).putShort(260, (short) configSvn).put(320, fit(reportData, 64));
        return b.array();
    }

    static byte[] fit(byte[] value, int length) {
        if (value.length > length) {
            throw new IllegalArgumentException("field takes at most " + length + " bytes, got " + value.length);
        }
        return java.util.Arrays.copyOf(value, length);
    }

    private static byte[] slice(byte[] b, int at, int length) {
        return java.util.Arrays.copyOfRange(b, at, at + length);
    }
}
