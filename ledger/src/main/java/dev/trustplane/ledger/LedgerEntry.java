package dev.trustplane.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * An entry of the log as stored: its index, what was appended and the server time of integration.
 * {@link #leaf()} is the exact byte string the Merkle tree hashes (RFC 6962 leaf input) and that entry
 * bundles serve; the other fields are decoded from it.
 */
public record LedgerEntry(long index, String contentType, byte[] content, String collectionId, Instant timestamp,
                          byte[] leaf) {

    public LedgerEntry {
        content = content.clone();
        leaf = leaf.clone();
    }

    public Optional<String> collection() {
        return Optional.ofNullable(collectionId);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }
}
