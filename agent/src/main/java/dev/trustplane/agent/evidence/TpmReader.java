package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.util.Arrays;

/**
 * Big-endian cursor over a TPM response. Each read names its field; reading past the end, or a TPM2B
 * longer than allowed, is an {@link EvidenceCollectionException} ({@link Failure#MALFORMED_OUTPUT}) naming the
 * command, field and offset — a TPM response is input like any other.
 */
final class TpmReader {
    private final byte[] buf;
    private final String command;
    private int pos;
    private final int end;
    private final long[] handles;

    TpmReader(byte[] buf, int start, int end, String command) {
        this(buf, start, end, command, new long[0]);
    }

    TpmReader(byte[] buf, int start, int end, String command, long[] handles) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.command = command;
        this.handles = handles.clone();
    }

    /** Handles the response carried before its parameters (commands that create objects). */
    long[] handles() {
        return handles.clone();
    }

    /** The bytes from {@code start} to the current position. */
    byte[] slice(int start) {
        return Arrays.copyOfRange(buf, start, pos);
    }

    /** A u8-sized byte array (e.g. TPMS_PCR_SELECTION's sizeofSelect and pcrSelect) of at most {@code max}. */
    byte[] tpm2bOfU8(String field, int max) throws EvidenceCollectionException {
        int at = pos;
        int size = u8(field + ".size");
        if (size > max) {
            throw fail(field, at, "size " + size + " exceeds " + max);
        }
        return bytes(field, size);
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    int u8(String field) throws EvidenceCollectionException {
        need(field, 1);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws EvidenceCollectionException {
        need(field, 2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String field) throws EvidenceCollectionException {
        return ((long) u16(field) << 16) | u16(field);
    }

    byte[] bytes(String field, int n) throws EvidenceCollectionException {
        need(field, n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** A TPM2B whose size must not exceed {@code max}. */
    byte[] tpm2b(String field, int max) throws EvidenceCollectionException {
        int at = pos;
        int size = u16(field + ".size");
        if (size > max) {
            throw fail(field, at, "size " + size + " exceeds " + max);
        }
        return bytes(field, size);
    }

    void expectEnd(String what) throws EvidenceCollectionException {
        if (pos != end) {
            throw fail(what, pos, (end - pos) + " unexpected trailing bytes");
        }
    }

    EvidenceCollectionException fail(String field, int at, String detail) {
        return new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, command + " response " + field, at, detail);
    }

    private void need(String field, int n) throws EvidenceCollectionException {
        if (n < 0 || end - pos < n) {
            throw fail(field, pos, "needs " + n + " bytes, " + (end - pos) + " left");
        }
    }
}
