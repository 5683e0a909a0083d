package dev.trustplane.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.common.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void blocks_after_the_limit_until_the_window_ends_per_client() {
        var limiter = new FailureLimiter(3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blocked("a")).isEmpty();
            limiter.recordFailure("a");
        }
        assertThat(limiter.blocked("a")).hasValue(Duration.ofSeconds(60));
        assertThat(limiter.blocked("b")).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.blocked("a")).hasValue(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.blocked("a")).isEmpty();
        limiter.recordFailure("a");
        assertThat(limiter.blocked("a")).isEmpty(); // a new window starts at one failure
    }

    @Test
    void memory_stays_bounded() {
        var limiter = new FailureLimiter(3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < FailureLimiter.MAX_TRACKED + 10; i++) {
            limiter.recordFailure("10.0." + (i / 256) + "." + (i % 256));
        }
        limiter.recordFailure("x");
        assertThat(limiter.blocked("x")).isEmpty();
    }
}
