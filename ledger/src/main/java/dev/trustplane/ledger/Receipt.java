package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.EntryCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A self-contained proof that an entry is in the log: the entry, its index, the RFC 6962 inclusion proof
 * and the signed checkpoint (with any witness cosignatures) whose root the proof leads to. Verify it offline
 * with {@link ReceiptVerifier} and the log's pinned verifier key.
 *
 * <pre>{@code
 * {"format":"trustplane-receipt/v1", "keyName":"<log key name>", "index":5,
 *  "entry":{"contentType":"…","collectionId":"…"|null,"timestamp":"2026-11-23T12:00:00.123Z","contents":"<base64>"},
 *  "leafHash":"<base64>", "treeSize":70, "rootHash":"<base64>",
 *  "inclusionProof":["<base64>", …], "checkpoint":"<signed note>"}
 * }</pre>
 * The leaf is the entry's canonical encoding (see {@code EntryCodec}); {@code treeSize} and {@code rootHash}
 * repeat the checkpoint for readers. {@link #toTlogProof()} renders the same proof as a C2SP
 * {@code tlog-proof@v1} for generic tools (they need our leaf encoding to recompute the leaf hash).
 */
public record Receipt(String keyName, long index, LedgerEntry entry, byte[] leafHash, long treeSize, byte[] rootHash,
                      List<byte[]> inclusionProof, String checkpoint) {
    public static final String FORMAT = "trustplane-receipt/v1";
    static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final int MAX_JSON = 256 * 1024;

    public Receipt {
        leafHash = leafHash.clone();
        rootHash = rootHash.clone();
        inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }

    public String toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("keyName", keyName);
        root.put("index", index);
        ObjectNode e = root.putObject("entry");
        e.put("contentType", entry.contentType());
        e.put("collectionId", entry.collectionId());
        e.put("timestamp", entry.timestamp().toString());
        e.put("contents", b64.encodeToString(entry.content()));
        root.put("leafHash", b64.encodeToString(leafHash));
        root.put("treeSize", treeSize);
        root.put("rootHash", b64.encodeToString(rootHash));
        ArrayNode proof = root.putArray("inclusionProof");
        inclusionProof.forEach(h -> proof.add(b64.encodeToString(h)));
        root.put("checkpoint", checkpoint);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** The C2SP tlog-proof@v1 text: header, index, proof hashes, blank line, checkpoint verbatim. */
    public String toTlogProof() {
        var out = new StringBuilder("c2sp.org/tlog-proof@v1\nindex ").append(index).append('\n');
        inclusionProof.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return out.append('\n').append(checkpoint).toString();
    }

    /**
     * Parses receipt JSON strictly (known format, required members of the right types, canonical base64,
     * no duplicate members); {@link IllegalArgumentException} says what is malformed. Does not verify.
     */
    public static Receipt parse(String json) {
        if (json == null || json.length() > MAX_JSON) {
            throw new IllegalArgumentException("receipt is missing or larger than " + MAX_JSON + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("receipt is not valid JSON");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("receipt is not a " + FORMAT + " object");
        }
        JsonNode e = root.get("entry");
        if (e == null || !e.isObject()) {
            throw new IllegalArgumentException("receipt has no entry object");
        }
        JsonNode collection = e.get("collectionId");
        if (collection != null && !collection.isNull() && !collection.isString()) {
            throw new IllegalArgumentException("receipt entry collectionId must be a string or null");
        }
        Instant time;
        try {
            time = Instant.parse(text(e, "timestamp"));
        } catch (java.time.format.DateTimeParseException ex) {
            throw new IllegalArgumentException("receipt entry timestamp is not an ISO-8601 instant");
        }
        long index = number(root, "index");
        NewEntry fields;
        try {
            fields = new NewEntry(text(e, "contentType"), bytes(e, "contents"),
                    collection == null || collection.isNull() ? null : collection.asString());
        } catch (LedgerException ex) {
            throw new IllegalArgumentException("receipt entry is invalid: " + ex.getMessage());
        }
        if (time.getNano() % 1_000_000 != 0 || !Instant.ofEpochMilli(time.toEpochMilli()).toString().equals(text(e, "timestamp"))) {
            throw new IllegalArgumentException("receipt entry timestamp is not in canonical form (UTC, at most milliseconds)");
        }
        LedgerEntry entry = EntryCodec.decode(index, EntryCodec.encode(fields, time.toEpochMilli()));
        JsonNode proof = root.get("inclusionProof");
        if (proof == null || !proof.isArray() || proof.size() > 64) {
            throw new IllegalArgumentException("receipt inclusionProof must be an array of at most 64 hashes");
        }
        List<byte[]> path = new ArrayList<>();
        for (JsonNode h : proof) {
            path.add(hash(h.isString() ? h.asString() : null, "inclusionProof element"));
        }
        return new Receipt(text(root, "keyName"), index, entry, hash(text(root, "leafHash"), "leafHash"),
                number(root, "treeSize"), hash(text(root, "rootHash"), "rootHash"), path, text(root, "checkpoint"));
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("receipt member '" + name + "' must be a string");
        }
        return v.asString();
    }

    private static long number(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException("receipt member '" + name + "' must be a non-negative integer");
        }
        return v.asLong();
    }

    private static byte[] bytes(JsonNode node, String name) {
        byte[] b = SignedNote.decodeCanonical(text(node, name));
        if (b == null) {
            throw new IllegalArgumentException("receipt member '" + name + "' is not canonical base64");
        }
        return b;
    }

    private static byte[] hash(String b64, String what) {
        byte[] b = b64 == null ? null : SignedNote.decodeCanonical(b64);
        if (b == null || b.length != 32) {
            throw new IllegalArgumentException("receipt " + what + " is not base64 of 32 bytes");
        }
        return b;
    }
}
