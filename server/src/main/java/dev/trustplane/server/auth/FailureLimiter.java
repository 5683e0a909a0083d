package dev.trustplane.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: a client address that presents more than {@code limit} unacceptable tokens
 * within one window is answered 429 until the window ends. Requests without any token do not count —
 * Azure SDK clients send one on purpose to receive the challenge. Memory is bounded: the table is cleared
 * of expired windows when it grows, and never holds more than {@value #MAX_TRACKED} addresses.
 */
final class FailureLimiter {
    static final int MAX_TRACKED = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {}

    FailureLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** When {@code client} is blocked, how long until it may try again. */
    Optional<Duration> blocked(String client) {
        Window w = failures.get(client);
        if (w == null || w.count() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    void recordFailure(String client) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(w -> !w.start().plus(window).isAfter(now));
            if (failures.size() >= MAX_TRACKED) {
                failures.clear();
            }
        }
        failures.merge(client, new Window(now, 1), (old, one) ->
                old.start().plus(window).isAfter(now) ? new Window(old.start(), old.count() + 1) : one);
    }
}
