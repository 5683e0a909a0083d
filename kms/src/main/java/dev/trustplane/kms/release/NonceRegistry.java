package dev.trustplane.kms.release;

import dev.trustplane.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers which release-request nonces have been used, in the store, so every replica refuses a replay.
 * A nonce is remembered until the token it was bound to expires (after which the token itself is refused);
 * expired entries are swept every {@value #SWEEP_EVERY} claims. Only SHA-256 digests are stored.
 */
public final class NonceRegistry {
    static final int SWEEP_EVERY = 256;
    private final Store store;
    private final Clock clock;
    private final AtomicLong claims = new AtomicLong();

    public NonceRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.migrate("skr");
    }

    /** Records {@code nonce} as used until {@code until}; false when it was already used (a replay). */
    public boolean claim(String nonce, Instant until) {
        String digest = Digests.sha256Hex(nonce);
        if (claims.incrementAndGet() % SWEEP_EVERY == 0) {
            long now = clock.instant().getEpochSecond();
            store.useTransaction(h -> h.createUpdate("DELETE FROM skr_used_nonces WHERE expires_at < :now")
                    .bind("now", now).execute());
        }
        try {
            store.useTransaction(h -> h.createUpdate(
                    "INSERT INTO skr_used_nonces (nonce_sha256, expires_at) VALUES (:n, :e)")
                    .bind("n", digest).bind("e", until.getEpochSecond()).execute());
            return true;
        } catch (RuntimeException e) {
            if (store.dialect().isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }
}
