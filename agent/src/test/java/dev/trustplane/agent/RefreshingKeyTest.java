package dev.trustplane.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Refresh on schedule, keep the key through short outages, drop it after the grace period. */
class RefreshingKeyTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void keeps_the_key_within_grace_and_drops_it_after() throws Exception {
        var clock = new TestClock();
        var failing = new AtomicBoolean();
        var count = new AtomicInteger();
        var drops = new AtomicInteger();
        List<String> log = new ArrayList<>();
        RefreshingKey.KeySource source = () -> {
            if (failing.get()) {
                throw new AgentException("attestation refused: HTTP 400");
            }
            return ReleasedKey.of("k/" + count.incrementAndGet(), "oct", new SecretKeySpec(new byte[32], "AES"));
        };
        try (var key = RefreshingKey.start(source, Duration.ofHours(1), Duration.ofMinutes(30), clock, log::add,
                drops::incrementAndGet)) {
            assertThat(key.current()).get().extracting(ReleasedKey::kid).isEqualTo("k/1");
            key.refreshNow();
            assertThat(key.current()).get().extracting(ReleasedKey::kid).isEqualTo("k/2");
            assertThat(log.getLast()).matches("refreshed k/2 in \\d+ ms \\(a new version; was k/1\\)");

            failing.set(true);
            clock.now = clock.now.plus(Duration.ofMinutes(20));
            key.refreshNow();
            assertThat(key.current()).isPresent();
            assertThat(log.getLast()).startsWith("refresh failed (keeping the key until 2026-11-23T12:30:00Z)");
            assertThat(drops).hasValue(0);
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            key.refreshNow();
            assertThat(key.current()).isEmpty();
            assertThat(log.getLast()).contains("past the grace period").contains("key dropped").contains("HTTP 400");
            assertThat(drops).hasValue(1);
            key.refreshNow();
            assertThat(drops).as("dropped once, not on every later failure").hasValue(1);

            failing.set(false);
            key.refreshNow();
            assertThat(key.current()).get().extracting(ReleasedKey::kid).isEqualTo("k/3");
        }
        assertThat(log).noneMatch(l -> l.contains("SecretKeySpec"));
    }

    @Test
    void the_first_release_must_succeed() {
        assertThatThrownBy(() -> RefreshingKey.start(() -> {
            throw new AgentException("no TEE");
        }, Duration.ofHours(1), Duration.ZERO, Clock.systemUTC(), s -> {})).isInstanceOf(AgentException.class);
    }
}
