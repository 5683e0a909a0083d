package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.Ed25519;
import dev.trustplane.ledger.internal.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A trusted note-verifier key: {@code <name>+<8 hex digits key ID>+<base64(type ‖ public key)>} (C2SP
 * signed-note). Two types are supported, both Ed25519: {@link #TYPE_ED25519} (0x01) for log checkpoints and
 * {@link #TYPE_COSIGNATURE} (0x04, C2SP tlog-cosignature/v1) for witnesses. The key ID is
 * {@code SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]}; a vkey whose ID does not match is refused.
 */
public final class NoteVerifier {
    public static final int TYPE_ED25519 = 0x01;
    public static final int TYPE_COSIGNATURE = 0x04;

    private final String name;
    private final int type;
    private final byte[] publicKey;
    private final int keyId;

    NoteVerifier(String name, int type, byte[] publicKey) {
        if (!SignedNote.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name");
        }
        this.name = name;
        this.type = type;
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, type, publicKey);
    }

    /** A verifier for Ed25519 checkpoint signatures by {@code name}. */
    public static NoteVerifier ed25519(String name, byte[] rawPublicKey) {
        return new NoteVerifier(name, TYPE_ED25519, checkKey(rawPublicKey));
    }

    /** A verifier for a witness's Ed25519 cosignatures (tlog-cosignature/v1). */
    public static NoteVerifier cosigner(String name, byte[] rawPublicKey) {
        return new NoteVerifier(name, TYPE_COSIGNATURE, checkKey(rawPublicKey));
    }

    /** Parses a vkey string; the message says what is wrong. */
    public static NoteVerifier parse(String vkey) {
        String[] parts = vkey == null ? new String[0] : vkey.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8 || !parts[1].matches("[0-9a-fA-F]{8}")) {
            throw new IllegalArgumentException("verifier key must be <name>+<8 hex digits>+<base64 key>");
        }
        byte[] key = SignedNote.decodeCanonical(parts[2]);
        if (key == null || key.length != 1 + Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("verifier key material is not base64 of a type byte and a 32-byte key");
        }
        int type = key[0] & 0xff;
        if (type != TYPE_ED25519 && type != TYPE_COSIGNATURE) {
            throw new IllegalArgumentException("verifier key type 0x" + Integer.toHexString(type) + " is not supported");
        }
        NoteVerifier v = new NoteVerifier(parts[0], type, Arrays.copyOfRange(key, 1, key.length));
        if (v.keyId != (int) Long.parseLong(parts[1], 16)) {
            throw new IllegalArgumentException("verifier key ID does not match its name and key");
        }
        return v;
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The vkey string. */
    public String encode() {
        byte[] key = new byte[1 + publicKey.length];
        key[0] = (byte) type;
        System.arraycopy(publicKey, 0, key, 1, publicKey.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(key);
    }

    /** Whether this key made {@code sig} (same name and key ID). */
    public boolean matches(SignedNote.Signature sig) {
        return sig.keyName().equals(name) && sig.keyId() == keyId;
    }

    /**
     * Verifies the signature of this key on the note: empty when it is there and valid; otherwise the reason.
     * Signatures by other keys are ignored, as the spec requires.
     */
    public Optional<String> verify(SignedNote note) {
        boolean found = false;
        for (SignedNote.Signature sig : note.signatures()) {
            if (!matches(sig)) {
                continue;
            }
            found = true;
            if (!verifySignature(note.text(), sig.signature())) {
                return Optional.of("the signature by " + name + " does not verify");
            }
        }
        return found ? Optional.empty() : Optional.of("the note carries no signature by " + name);
    }

    boolean verifySignature(String text, byte[] sig) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (type == TYPE_ED25519) {
            return Ed25519.verify(publicKey, body, sig);
        }
        if (sig.length != 8 + Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        long time = java.nio.ByteBuffer.wrap(sig).getLong();
        if (time < 0) {
            return false;
        }
        byte[] message = Cosignatures.message(time, text);
        return Ed25519.verify(publicKey, message, Arrays.copyOfRange(sig, 8, sig.length));
    }

    static int keyId(String name, int type, byte[] key) {
        byte[] h = Hashes.sha256(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', (byte) type}, key);
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    private static byte[] checkKey(byte[] raw) {
        if (raw == null || raw.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        return raw;
    }

    @Override
    public String toString() {
        return encode();
    }
}
