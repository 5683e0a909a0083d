package dev.trustplane.evidence.azure;

import java.util.Arrays;

/** Little-endian cursor that names each field it reads and fails with its offset. */
final class LeReader {

    private final byte[] buf;
    private final String structure;
    private int pos;

    LeReader(byte[] buf, String structure) {
        this.buf = buf;
        this.structure = structure;
    }

    int position() {
        return pos;
    }

    void seek(int offset) {
        pos = offset;
    }

    long u32(String field) throws AzureFormatException {
        need(field, 4);
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 4;
        return v;
    }

    /** An unsigned u64 that must fit in {@code max}; bincode lengths and counts. */
    int u64Bounded(String field, int max) throws AzureFormatException {
        int at = pos;
        need(field, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        if (v < 0 || v > max) {
            throw fail(field, at, "value " + Long.toUnsignedString(v) + " exceeds " + max);
        }
        return (int) v;
    }

    byte[] bytes(String field, int n) throws AzureFormatException {
        need(field, n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    void expectEnd() throws AzureFormatException {
        if (pos != buf.length) {
            throw fail("(end)", pos, (buf.length - pos) + " trailing bytes");
        }
    }

    AzureFormatException fail(String field, long at, String problem) {
        return new AzureFormatException(structure + "." + field, at, problem);
    }

    private void need(String field, int n) throws AzureFormatException {
        if (n < 0 || buf.length - pos < n) {
            throw fail(field, pos, "truncated: need " + n + " bytes, " + Math.max(0, buf.length - pos) + " available");
        }
    }
}
