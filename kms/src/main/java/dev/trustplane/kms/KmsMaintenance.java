package dev.trustplane.kms;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS's background duties on a timer: purge deleted keys whose retention ended, and rotate keys whose
 * rotation policy says so. Each run is idempotent and safe with several replicas (every purge and rotation
 * re-checks its condition in its own transaction). A failing run is logged and retried at the next tick.
 */
public final class KmsMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KmsMaintenance.class);

    private final Kms kms;
    private final ScheduledExecutorService timer;

    /** What one run did. */
    public record Run(int purged, int rotated) {}

    private KmsMaintenance(Kms kms, ScheduledExecutorService timer) {
        this.kms = kms;
        this.timer = timer;
    }

    /** Starts running every {@code interval} (first run after one interval) on a daemon thread. */
    public static KmsMaintenance start(Kms kms, Duration interval) {
        Objects.requireNonNull(kms, "kms");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("maintenance interval must be positive");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("kms-maintenance").daemon(true).factory());
        var maintenance = new KmsMaintenance(kms, timer);
        timer.scheduleWithFixedDelay(maintenance::safeRun, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return maintenance;
    }

    /** Runs the duties once, now, on the caller's thread. */
    public static Run runOnce(Kms kms) {
        int purged = kms.purgeExpired();
        int rotated = kms.rotateDue();
        if (purged > 0 || rotated > 0) {
            LOG.info("KMS maintenance: purged {} expired deleted key(s), rotated {} key(s)", purged, rotated);
        }
        return new Run(purged, rotated);
    }

    private void safeRun() {
        try {
            runOnce(kms);
        } catch (RuntimeException e) {
            LOG.warn("KMS maintenance run failed; retrying at the next interval: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
