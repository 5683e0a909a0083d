package dev.trustplane.server.attestation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-address token bucket for the anonymous {@code /attest/*} calls: each address may make {@code burst}
 * calls at once and then {@code perMinute} a minute. Why: attesting needs no credential (as in MAA) and every call,
 * accepted or refused, appends a decision record to the ledger, which is append-only by design — without a limit
 * one client could grow it without bound. Refused calls are answered 429 with {@code Retry-After} before the body
 * is read, so they cost no appraisal and no ledger record.
 *
 * <p>The client is the TCP peer address: behind a reverse proxy every caller shares the proxy's address, so either
 * raise the limit or limit at the proxy. Memory is bounded: buckets that have refilled are dropped when the table
 * reaches {@value #MAX_TRACKED} addresses, and the table is cleared if that does not suffice (which only makes
 * the limit lenient for a moment, never strict).
 */
final class AttestThrottle {
    static final int MAX_TRACKED = 10_000;

    private final double perMilli;
    private final int burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens left at a time; immutable, replaced atomically per address. */
    private record Bucket(double tokens, long atMillis) {}

    /** @param perMinute sustained rate; 0 means unlimited */
    AttestThrottle(int perMinute, int burst, Clock clock) {
        this.perMilli = perMinute / 60_000.0;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one call for {@code client}; when none is left, how long until one is. */
    Optional<Duration> acquire(String client) {
        if (perMilli == 0) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (buckets.size() >= MAX_TRACKED) {
            buckets.values().removeIf(b -> refill(b, now) >= burst);
            if (buckets.size() >= MAX_TRACKED) {
                buckets.clear();
            }
        }
        double[] left = new double[1];
        buckets.compute(client, (k, b) -> {
            double tokens = b == null ? burst : refill(b, now);
            left[0] = tokens;
            return new Bucket(tokens >= 1 ? tokens - 1 : tokens, now);
        });
        if (left[0] >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil((1 - left[0]) / perMilli)));
    }

    private double refill(Bucket b, long now) {
        return Math.min(burst, b.tokens() + Math.max(0, now - b.atMillis()) * perMilli);
    }
}
