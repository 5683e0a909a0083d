package dev.trustplane.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then signature lines
 * {@code — <key name> base64(uint32 key ID ‖ signature)}. Parsing follows the spec and Go's
 * {@code golang.org/x/mod/sumdb/note.Open}: no ASCII control characters but newline, the text is separated
 * from the signatures by the last blank line, key names are non-empty without spaces or {@code +}, base64 is
 * standard and canonical (padded), at most {@value #MAX_SIGNATURES} signatures. Parsing does not verify
 * anything; see {@link NoteVerifier}.
 *
 * @param text       the signed text, including its final newline
 * @param signatures the signature lines in order
 */
public record SignedNote(String text, List<Signature> signatures) {
    public static final int MAX_SIGNATURES = 100;
    public static final int MAX_LENGTH = 1 << 20;
    static final String DASH = "\u2014 ";

    /** One signature line. */
    public record Signature(String keyName, int keyId, byte[] signature) {
        public Signature {
            if (!isValidName(keyName)) {
                throw new IllegalArgumentException("invalid note key name");
            }
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** The line, with its trailing newline. */
        public String line() {
            byte[] raw = new byte[4 + signature.length];
            raw[0] = (byte) (keyId >>> 24);
            raw[1] = (byte) (keyId >>> 16);
            raw[2] = (byte) (keyId >>> 8);
            raw[3] = (byte) keyId;
            System.arraycopy(signature, 0, raw, 4, signature.length);
            return DASH + keyName + " " + Base64.getEncoder().encodeToString(raw) + "\n";
        }
    }

    public SignedNote {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        signatures = List.copyOf(signatures);
    }

    /** The note as served: text, blank line, signature lines. */
    public String format() {
        var out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    /** This note with more signature lines appended. */
    public SignedNote withSignatures(List<Signature> more) {
        var all = new ArrayList<>(signatures);
        all.addAll(more);
        return new SignedNote(text, all);
    }

    /** Parses a note from its UTF-8 bytes; malformed UTF-8 is rejected. */
    public static SignedNote parse(byte[] utf8) {
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(utf8)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("note is not valid UTF-8");
        }
    }

    /** Parses a note; {@link IllegalArgumentException} says what is malformed. */
    public static SignedNote parse(String note) {
        if (note.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("note is too long");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("note contains a control character");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < note.length()
                    && Character.isLowSurrogate(note.charAt(++i)))) {
                throw new IllegalArgumentException("note is not valid Unicode");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw new IllegalArgumentException("note has no signature lines ending in a newline");
        }
        List<Signature> sigs = new ArrayList<>();
        for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
            if (sigs.size() == MAX_SIGNATURES) {
                throw new IllegalArgumentException("note has more than " + MAX_SIGNATURES + " signatures");
            }
            sigs.add(parseLine(line));
        }
        return new SignedNote(text, sigs);
    }

    private static Signature parseLine(String line) {
        if (!line.startsWith(DASH)) {
            throw new IllegalArgumentException("signature line does not start with an em dash and a space");
        }
        String rest = line.substring(DASH.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("signature line has no signature");
        }
        String name = rest.substring(0, space);
        String b64 = rest.substring(space + 1);
        byte[] raw = decodeCanonical(b64);
        if (!isValidName(name) || raw == null || raw.length < 5) {
            throw new IllegalArgumentException("malformed signature line");
        }
        int keyId = ((raw[0] & 0xff) << 24) | ((raw[1] & 0xff) << 16) | ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        return new Signature(name, keyId, java.util.Arrays.copyOfRange(raw, 4, raw.length));
    }

    /** Standard padded base64 whose re-encoding is identical, or null. */
    static byte[] decodeCanonical(String b64) {
        try {
            byte[] raw = Base64.getDecoder().decode(b64);
            return Base64.getEncoder().encodeToString(raw).equals(b64) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Key names are non-empty and contain no Unicode space and no plus sign. */
    public static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && !name.contains("+")
                && name.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))
                && name.codePoints().noneMatch(cp -> cp < 0x20 || cp == 0x7f || cp == 0x85);
    }
}
