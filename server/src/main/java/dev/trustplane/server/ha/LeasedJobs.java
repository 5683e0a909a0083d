package dev.trustplane.server.ha;

import dev.trustplane.store.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background duties that several replicas on one database must run once at a time (purging deleted keys,
 * scheduled rotation). Every replica ticks every {@code interval}; at each tick, per duty, it claims or renews the
 * duty's {@link Leases lease} for three intervals and runs the duty only if it holds it. So one replica does
 * the work while it is alive; when it stops, it releases its leases and another takes over at its next tick; when
 * it dies, its leases lapse after three intervals and another takes over then.
 *
 * <p>Correctness never depends on the lease alone: every duty is idempotent per transaction (see {@link Leases}
 * for why). What each replica last saw of each lease is kept for {@code /healthz}, so that a health check
 * does not depend on the database answering.
 */
public final class LeasedJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedJobs.class);
    /** How many intervals a lease lasts without renewal: survives one missed tick, not a dead holder. */
    private static final int TTL_INTERVALS = 3;

    /**
     * One duty.
     *
     * @param name the lease's name, e.g. {@code kms.purge}
     * @param duty does the work and returns how many items it acted on (for the log)
     */
    public record Job(String name, IntSupplier duty) {
        public Job {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(duty, "duty");
        }
    }

    /**
     * What this replica last saw of one duty's lease.
     *
     * @param job the duty
     * @param held whether this replica holds the lease
     * @param holder who holds it, when known
     * @param expiresAt when the holder's lease lapses unless renewed, when known
     * @param lastRun when this replica last ran the duty
     * @param error the last failure to claim the lease or run the duty, cleared by the next success
     */
    public record Status(String job, boolean held, Optional<String> holder, Optional<Instant> expiresAt,
            Optional<Instant> lastRun, Optional<String> error) {}

    private final Leases leases;
    private final String replica;
    private final Duration ttl;
    private final List<Job> jobs;
    private final ScheduledExecutorService timer;
    private final Map<String, Status> status = new ConcurrentHashMap<>();

    private LeasedJobs(Leases leases, String replica, Duration interval, List<Job> jobs) {
        this.leases = leases;
        this.replica = replica;
        this.ttl = interval.multipliedBy(TTL_INTERVALS);
        this.jobs = List.copyOf(jobs);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("leased-jobs").daemon(true).factory());
        for (Job job : this.jobs) {
            status.put(job.name(), new Status(job.name(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
        }
    }

    /**
     * Starts ticking at once and then every {@code interval}.
     *
     * @param replica this replica's name as lease holder ({@link ReplicaId})
     */
    public static LeasedJobs start(Leases leases, String replica, Duration interval, List<Job> jobs) {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(replica, "replica");
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("the background job interval must be at least 100 ms");
        }
        var running = new LeasedJobs(leases, replica, interval, jobs);
        running.timer.scheduleWithFixedDelay(running::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return running;
    }

    /** This replica's name as lease holder. */
    public String replica() {
        return replica;
    }

    /** What this replica last saw of each duty's lease, in the order the duties were given. */
    public List<Status> status() {
        return jobs.stream().map(j -> status.get(j.name())).toList();
    }

    /** Whether this replica held {@code job}'s lease at its last tick. */
    public boolean holds(String job) {
        Status s = status.get(job);
        return s != null && s.held();
    }

    /**
     * Registers {@code trustplane.background.lease.held{task}}: 1 on the replica running the job, so that alerts
     * fire when the sum over replicas is not exactly 1.
     */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        for (Job job : jobs) {
            io.micrometer.core.instrument.Gauge.builder("trustplane.background.lease.held", this, j -> j.holds(job.name()) ? 1 : 0)
                    .description("Whether this replica holds the lease of a background job").tag("task", job.name())
                    .register(registry);
        }
    }

    private void tick() {
        for (Job job : jobs) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            runIfHeld(job);
        }
    }

    private void runIfHeld(Job job) {
        Status before = status.get(job.name());
        Optional<Leases.Lease> mine;
        try {
            mine = leases.tryAcquire(job.name(), replica, ttl);
        } catch (RuntimeException e) {
            LOG.warn("cannot claim the lease of background job {}; retrying at the next tick: {}", job.name(), e.toString());
            status.put(job.name(), new Status(job.name(), false, before.holder(), before.expiresAt(), before.lastRun(),
                    Optional.of("lease: " + e.getClass().getSimpleName())));
            return;
        }
        if (mine.isEmpty()) {
            Optional<Leases.Lease> other = safeFind(job.name());
            if (before.held()) {
                LOG.warn("background job {} is now run by {}", job.name(), other.map(Leases.Lease::holder).orElse("another replica"));
            }
            status.put(job.name(), new Status(job.name(), false, other.map(Leases.Lease::holder),
                    other.map(Leases.Lease::expiresAt), before.lastRun(), Optional.empty()));
            return;
        }
        if (!before.held()) {
            LOG.info("this replica ({}) now runs background job {}", replica, job.name());
        }
        Optional<String> error = Optional.empty();
        try {
            int done = job.duty().getAsInt();
            if (done > 0) {
                LOG.info("background job {} acted on {} item(s)", job.name(), done);
            }
        } catch (RuntimeException e) {
            LOG.warn("background job {} failed; retrying at the next tick: {}", job.name(), e.toString());
            error = Optional.of(e.getClass().getSimpleName());
        }
        status.put(job.name(), new Status(job.name(), true, Optional.of(replica), Optional.of(mine.get().expiresAt()),
                Optional.of(Instant.now()), error));
    }

    private Optional<Leases.Lease> safeFind(String name) {
        try {
            return leases.find(name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops ticking, waits for a running duty to end (bounded), and releases held leases so another replica takes over. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Job job : jobs) {
            try {
                if (leases.release(job.name(), replica)) {
                    LOG.info("released background job {}", job.name());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot release the lease of background job {}; it lapses by itself: {}", job.name(), e.toString());
            }
        }
    }
}
