package dev.trustplane.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A released key kept in memory and re-obtained on a schedule: every {@code refresh} the workload attests again
 * and releases again (so a key whose policy was tightened, or a platform that fell out of compliance, stops getting
 * it). When refreshing fails, the key is kept for at most {@code grace} after the last success and then dropped —
 * {@link #current()} is then empty until a refresh succeeds. Dropping removes the only reference this process
 * holds; JCA key objects cannot be reliably wiped, so the memory is reclaimed by the garbage collector.
 */
public final class RefreshingKey implements AutoCloseable {
    /** How a key is obtained: {@link KeyReleaseAgent#obtain} in production. */
    @FunctionalInterface
    public interface KeySource {
        ReleasedKey obtain() throws AgentException;
    }

    private final KeySource agent;
    private final Duration grace;
    private final Clock clock;
    private final Consumer<String> log;
    private final Runnable onDrop;
    private final ScheduledExecutorService timer;
    private volatile ReleasedKey key;
    private volatile Instant lastSuccess;

    private RefreshingKey(KeySource agent, Duration grace, Clock clock, Consumer<String> log, Runnable onDrop) {
        this.agent = agent;
        this.grace = grace;
        this.clock = clock;
        this.log = log;
        this.onDrop = onDrop;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("key-refresh").unstarted(r));
    }

    /**
     * Obtains the key now (failing if that fails), then refreshes it every {@code refresh}.
     *
     * @param log receives one line per refresh outcome (never key material)
     */
    public static RefreshingKey start(KeySource agent, Duration refresh, Duration grace, Clock clock,
            Consumer<String> log) throws AgentException {
        return start(agent, refresh, grace, clock, log, () -> {});
    }

    /**
     * As {@link #start(KeySource, Duration, Duration, Clock, Consumer)}, and runs {@code onDrop} (on the refresh
     * thread, once per drop) right after the key was dropped, so that whoever handed the key on can withdraw it —
     * {@code trustplane agent run} stops its command.
     */
    public static RefreshingKey start(KeySource agent, Duration refresh, Duration grace, Clock clock,
            Consumer<String> log, Runnable onDrop) throws AgentException {
        if (refresh.isZero() || refresh.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("refresh must be positive and grace not negative");
        }
        RefreshingKey k = new RefreshingKey(agent, grace, clock, log, onDrop);
        k.key = agent.obtain();
        k.lastSuccess = clock.instant();
        k.timer.scheduleWithFixedDelay(k::refreshNow, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        return k;
    }

    /** The key, or empty when it was dropped after failed refreshes. */
    public Optional<ReleasedKey> current() {
        return Optional.ofNullable(key);
    }

    /** One refresh, as the schedule runs it. */
    void refreshNow() {
        long started = System.nanoTime();
        ReleasedKey previous = key;
        try {
            key = agent.obtain();
            lastSuccess = clock.instant();
            long millis = (System.nanoTime() - started) / 1_000_000;
            boolean rotated = previous != null && !previous.kid().equals(key.kid());
            log.accept("refreshed " + key.kid() + " in " + millis + " ms"
                    + (rotated ? " (a new version; was " + previous.kid() + ")" : ""));
        } catch (AgentException | RuntimeException e) {
            boolean expired = clock.instant().isAfter(lastSuccess.plus(grace));
            if (expired && key != null) {
                key = null;
                log.accept("refresh failed past the grace period (last success " + lastSuccess + ", grace " + grace
                        + "); key dropped: " + e.getMessage());
                onDrop.run();
            } else {
                log.accept("refresh failed" + (key == null ? "" : " (keeping the key until " + lastSuccess.plus(grace) + ")")
                        + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        key = null;
    }
}
