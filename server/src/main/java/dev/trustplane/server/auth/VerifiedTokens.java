package dev.trustplane.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens this replica checked against the store in the last {@link #TTL}, so a burst of requests with one
 * token costs one store read, not one each (the read was most of an authenticated request's cost).
 *
 * <p>Keyed by the SHA-256 of the bearer value, never the value. Only successful checks are kept: unknown or
 * refused tokens are read every time, so a flood of bad tokens cannot fill the cache. A token revoked on this
 * replica is dropped at once; on another replica sharing the store it stops working within {@link #TTL}.
 * Expiry is checked on every use against the token's own {@code expiresAt}.
 */
final class VerifiedTokens {
    /** How long another replica's revocation may take to reach this one. */
    static final Duration TTL = Duration.ofSeconds(2);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(TokenInfo info, Instant checkedAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** The token's description if it was verified less than {@link #TTL} ago. */
    Optional<TokenInfo> recent(byte[] bearerHash) {
        Entry e = entries.get(HexFormat.of().formatHex(bearerHash));
        if (e == null || !clock.instant().isBefore(e.checkedAt().plus(TTL))) {
            return Optional.empty();
        }
        return Optional.of(e.info());
    }

    void remember(byte[] bearerHash, TokenInfo info) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // rare: ten thousand distinct live tokens within two seconds; start over
        }
        entries.put(HexFormat.of().formatHex(bearerHash), new Entry(info, clock.instant()));
    }

    /** Drops every entry of token {@code id} (revoked here). */
    void forget(String id) {
        entries.values().removeIf(e -> e.info().id().equals(id));
    }
}
