package dev.trustplane.ledger.internal;

import dev.trustplane.ledger.LedgerEntry;
import dev.trustplane.ledger.LedgerException;
import dev.trustplane.ledger.NewEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The leaf encoding: the exact bytes hashed into the tree and served in entry bundles.
 *
 * <pre>
 *   u8   version = 1
 *   u64  server timestamp, milliseconds since the epoch, big-endian
 *   u8   length of content type, then the content type (ASCII)
 *   u8   length of collection id (0 = none), then the collection id (UTF-8)
 *   ...  content bytes, to the end
 * </pre>
 * Fixed fields first and length-prefixed metadata make the encoding unambiguous and canonical; the whole
 * leaf must fit the uint16 length prefix of tlog-tiles entry bundles (65,535 bytes).
 */
public final class EntryCodec {
    /** The largest leaf a tlog-tiles entry bundle can carry. */
    public static final int MAX_LEAF = 0xFFFF;
    private static final byte VERSION = 1;

    private EntryCodec() {}

    public static int encodedLength(NewEntry e) {
        return 1 + 8 + 1 + e.contentType().length() + 1 + collectionBytes(e).length + e.content().length;
    }

    public static byte[] encode(NewEntry e, long timestampMillis) {
        byte[] type = e.contentType().getBytes(StandardCharsets.US_ASCII);
        byte[] collection = collectionBytes(e);
        byte[] content = e.content();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + type.length + 1 + collection.length + content.length);
        b.put(VERSION).putLong(timestampMillis);
        b.put((byte) type.length).put(type);
        b.put((byte) collection.length).put(collection);
        b.put(content);
        return b.array();
    }

    /** Decodes a leaf; {@link LedgerException.Code#INCONSISTENT} when it is not a version-1 leaf. */
    public static LedgerEntry decode(long index, byte[] leaf) {
        try {
            ByteBuffer b = ByteBuffer.wrap(leaf);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("unknown leaf version");
            }
            long millis = b.getLong();
            String type = new String(take(b, Byte.toUnsignedInt(b.get())), StandardCharsets.US_ASCII);
            int collectionLength = Byte.toUnsignedInt(b.get());
            String collection = collectionLength == 0 ? null : StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(take(b, collectionLength)))
                    .toString();
            byte[] content = take(b, b.remaining());
            return new LedgerEntry(index, type, content, collection, Instant.ofEpochMilli(millis), leaf);
        } catch (RuntimeException | CharacterCodingException e) {
            throw new LedgerException(LedgerException.Code.INCONSISTENT, "entry " + index + " is not a valid leaf", e);
        }
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static byte[] collectionBytes(NewEntry e) {
        return e.collectionId() == null ? new byte[0] : e.collectionId().getBytes(StandardCharsets.UTF_8);
    }
}
