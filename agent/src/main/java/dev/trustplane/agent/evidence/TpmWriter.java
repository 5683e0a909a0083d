package dev.trustplane.agent.evidence;

import java.io.ByteArrayOutputStream;

/** Big-endian TPM 2.0 marshalling (TPM 2.0 Part 1, "Marshalling"): integers, sized buffers (TPM2B). */
final class TpmWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TpmWriter u8(int v) {
        out.write(v);
        return this;
    }

    TpmWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    TpmWriter u32(long v) {
        return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
    }

    TpmWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A TPM2B: u16 size, then the bytes. */
    TpmWriter tpm2b(byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("TPM2B of " + b.length + " bytes");
        }
        return u16(b.length).bytes(b);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
