package dev.trustplane.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: origin line, tree size (decimal, no leading zeros), base64 RFC 6962 root
 * hash, then optional non-empty extension lines. {@link #body()} is the exact note text that gets signed.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint tree size must not be negative");
        }
        if (rootHash == null || rootHash.length != 32) {
            throw new IllegalArgumentException("checkpoint root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("checkpoint extension lines must be single non-empty lines");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String body() {
        var out = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    /** Parses a checkpoint body (a note's text); the message says what is malformed. */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("checkpoint needs origin, tree size and root hash lines");
        }
        String size = lines[1];
        if (!size.matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("checkpoint tree size is not a decimal number without leading zeros");
        }
        long n;
        try {
            n = Long.parseLong(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size is too large");
        }
        byte[] root = SignedNote.decodeCanonical(lines[2]);
        if (root == null || root.length != 32) {
            throw new IllegalArgumentException("checkpoint root hash is not base64 of 32 bytes");
        }
        List<String> ext = new ArrayList<>(List.of(lines).subList(3, lines.length));
        return new Checkpoint(lines[0], n, root, ext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && java.util.Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + body().replace("\n", " ").trim() + "]";
    }
}
