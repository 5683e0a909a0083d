package dev.trustplane.evidence.tpm;

import java.util.Arrays;

/**
 * Big-endian cursor over a TPM marshalled buffer. Every read names the field it reads, so a short
 * or malformed buffer fails with a {@link TpmFormatException} carrying that field and the offset
 * where the read started. Never throws an unchecked exception for bad input.
 */
final class TpmReader {

    private final byte[] buf;
    private final String structure;
    private int pos;

    TpmReader(byte[] buf, String structure) {
        this.buf = buf;
        this.structure = structure;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    int u8(String field) throws TpmFormatException {
        need(field, 1);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws TpmFormatException {
        need(field, 2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String field) throws TpmFormatException {
        need(field, 4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 4;
        return v;
    }

    long u64(String field) throws TpmFormatException {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    byte[] bytes(String field, int n) throws TpmFormatException {
        need(field, n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A TPM2B: u16 size then that many bytes; {@code max} bounds the size (the spec's buffer size). */
    byte[] tpm2b(String field, int max) throws TpmFormatException {
        int start = pos;
        int size = u16(field + ".size");
        if (size > max) {
            throw fail(field, start, "size " + size + " exceeds maximum " + max);
        }
        return bytes(field, size);
    }

    void expectEnd() throws TpmFormatException {
        if (pos != buf.length) {
            throw fail("(end)", pos, (buf.length - pos) + " trailing bytes after the structure");
        }
    }

    TpmFormatException fail(String field, int at, String problem) {
        return new TpmFormatException(structure + "." + field, at, problem);
    }

    private void need(String field, int n) throws TpmFormatException {
        if (n < 0 || buf.length - pos < n) {
            throw fail(field, pos, "truncated: need " + n + " bytes, " + (buf.length - pos) + " available");
        }
    }
}
