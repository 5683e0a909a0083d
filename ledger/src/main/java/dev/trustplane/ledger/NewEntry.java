package dev.trustplane.ledger;

import java.nio.charset.StandardCharsets;

/**
 * An entry to append: a content type, the content bytes and an optional collection (sub-ledger) id. The
 * ledger adds the index and the server timestamp. Content types are printable ASCII without spaces (1–255
 * bytes); collection ids are 1–255 bytes of UTF-8 without control characters, or null.
 */
public record NewEntry(String contentType, byte[] content, String collectionId) {

    public NewEntry {
        if (contentType == null || contentType.isEmpty() || contentType.length() > 255
                || !contentType.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new LedgerException(LedgerException.Code.INVALID_ARGUMENT,
                    "content type must be 1-255 printable ASCII characters without spaces");
        }
        if (content == null) {
            throw new LedgerException(LedgerException.Code.INVALID_ARGUMENT, "content must not be null");
        }
        if (collectionId != null && (collectionId.isEmpty()
                || collectionId.getBytes(StandardCharsets.UTF_8).length > 255
                || collectionId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || !StandardCharsets.UTF_8.newEncoder().canEncode(collectionId))) {
            throw new LedgerException(LedgerException.Code.INVALID_ARGUMENT,
                    "collection id must be 1-255 bytes of UTF-8 without control characters");
        }
        content = content.clone();
    }

    public static NewEntry of(String contentType, byte[] content) {
        return new NewEntry(contentType, content, null);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
