package dev.trustplane.evidence.snp.internal;

/** Little-endian integer access to byte arrays (callers check bounds via {@link ReportField}). */
public final class Le {
    private Le() {}

    /** Unsigned 32-bit value. */
    public static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    /** 64-bit value (as a Java long; callers treat it as unsigned bits). */
    public static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    /** Writes the low 32 bits. */
    public static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Writes 64 bits. */
    public static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
