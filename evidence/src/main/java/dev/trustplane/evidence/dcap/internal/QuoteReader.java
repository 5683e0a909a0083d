package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.util.Arrays;

/**
 * Bounds-checked little-endian reads from quote bytes. Every read names its field, so a short or
 * hostile quote fails with {@code MALFORMED} naming the field and its absolute offset — never with an
 * unchecked exception. Lengths read from the quote are checked against what is left before anything is
 * allocated.
 */
public final class QuoteReader {
    private final byte[] bytes;
    private final int end;
    private int pos;

    /** Reads {@code bytes[start, end)}; offsets in messages are absolute. */
    public QuoteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public int u8(String field) throws EvidenceFormatException {
        require(field, 1);
        return bytes[pos++] & 0xFF;
    }

    public int u16(String field) throws EvidenceFormatException {
        require(field, 2);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value as a long. */
    public long u32(String field) throws EvidenceFormatException {
        require(field, 4);
        long v = (bytes[pos] & 0xFFL) | (bytes[pos + 1] & 0xFFL) << 8 | (bytes[pos + 2] & 0xFFL) << 16
                | (bytes[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    public byte[] bytes(String field, int length) throws EvidenceFormatException {
        require(field, length);
        byte[] out = Arrays.copyOfRange(bytes, pos, pos + length);
        pos += length;
        return out;
    }

    /** A length-prefixed size that must fit in what is left. */
    public int size(String field, long declared) throws EvidenceFormatException {
        if (declared < 0 || declared > remaining()) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, field, pos - 4L,
                    "declares " + declared + " bytes but only " + remaining() + " remain");
        }
        return (int) declared;
    }

    private void require(String field, int length) throws EvidenceFormatException {
        if (length < 0 || remaining() < length) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, field, pos,
                    "needs " + length + " bytes but only " + Math.max(0, remaining()) + " remain");
        }
    }

    /** Little-endian u16 of {@code b} at {@code at} (caller checked bounds). */
    public static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** Little-endian u64 of {@code b} at {@code at} (caller checked bounds). */
    public static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFFL);
        }
        return v;
    }
}
