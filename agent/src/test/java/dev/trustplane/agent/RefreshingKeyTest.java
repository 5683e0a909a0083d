package dev.trustplane.agent;

import dev.trustplane.common.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Refresh on schedule, keep the key through short outages, drop it after the grace period. */
class RefreshingKeyTest {

    @Test
    void keeps_the_key_within_grace_and_drops_it_after() throws Exception {
        var clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
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
            clock.advance(Duration.ofMinutes(20));
            key.refreshNow();
            assertThat(key.current()).isPresent();
            assertThat(log.getLast()).startsWith("refresh failed (keeping the key until 2026-11-23T12:30:00Z)");
            assertThat(drops).hasValue(0);
            clock.advance(Duration.ofMinutes(11));
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
