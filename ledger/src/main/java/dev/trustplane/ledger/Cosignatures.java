package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.Ed25519;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

/**
 * C2SP tlog-cosignature/v1 with Ed25519 (signature type 0x04). The signed message is
 * {@code "cosignature/v1\n" + "time " + T + "\n" + checkpoint body}; the signature line carries
 * {@code key ID ‖ u64 big-endian T ‖ 64-byte Ed25519 signature}. A cosignature says that, at time T, this is
 * the largest consistent tree head the witness has seen for the log.
 */
public final class Cosignatures {
    private Cosignatures() {}

    /** The message a witness signs for {@code checkpointText} at POSIX time {@code time}. */
    public static byte[] message(long time, String checkpointText) {
        return ("cosignature/v1\ntime " + time + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** Produces a cosignature line, as a witness would (used by tests and by a built-in witness). */
    public static SignedNote.Signature sign(String name, PrivateKey key, byte[] rawPublicKey, long time,
                                            String checkpointText) {
        if (time < 0) {
            throw new IllegalArgumentException("cosignature time must not be negative");
        }
        byte[] sig = Ed25519.sign(key, message(time, checkpointText));
        byte[] body = ByteBuffer.allocate(8 + sig.length).putLong(time).put(sig).array();
        return new SignedNote.Signature(name, NoteVerifier.cosigner(name, rawPublicKey).keyId(), body);
    }

    /** The timestamp inside a cosignature signature, or -1 if it is not one. */
    public static long time(SignedNote.Signature sig) {
        byte[] raw = sig.signature();
        return raw.length == 8 + Ed25519.SIGNATURE_SIZE ? ByteBuffer.wrap(raw).getLong() : -1;
    }
}
