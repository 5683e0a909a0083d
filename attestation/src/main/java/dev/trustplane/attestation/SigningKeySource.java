package dev.trustplane.attestation;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link AttestationTokens} keeps its RSA signing keys: the server's store (shared by every replica), or a
 * directory of files ({@link FileSigningKeys}, for tools and tests). Keys are only ever added, each with the second
 * from which it signs; at most one key per activation second.
 */
public interface SigningKeySource {
    /** A key's PKCS#8 encoding (the caller zeroes it after use) and when it starts signing. */
    record StoredKey(byte[] pkcs8, Instant activation) {}

    /** Every key, in any order. */
    List<StoredKey> load() throws IOException;

    /** Cheap; changes whenever a key is added, so a reader knows when to {@link #load} again. */
    String stamp() throws IOException;

    /** Adds a key; false (nothing written) when a key with that activation second exists already. */
    boolean add(byte[] pkcs8, Instant activation) throws IOException;
}
