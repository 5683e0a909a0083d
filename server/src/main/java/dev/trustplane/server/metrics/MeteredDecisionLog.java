package dev.trustplane.server.metrics;

import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Counts every decision as it is recorded, so that alerts can watch attestation denials and key-release denials
 * without reading the ledger: {@code trustplane_decisions_total{type, outcome}} after a record is durable, and
 * {@code trustplane_decisions_unrecorded_total{type}} when the ledger refused it (the decision then did not
 * happen; see {@link DecisionLog}).
 *
 * <p>{@code type} is the record type ({@code attestation.verdict}, {@code key.release}, {@code key.create}, …);
 * {@code outcome} is its {@code verdict} field (attestation, release: {@code permitted}, {@code denied},
 * {@code released}) or its {@code outcome} field (KMS audit: {@code succeeded} or a Key Vault error code). Both come
 * from code, never from callers, so the number of series stays small; anything else is counted as {@code other}.
 */
public final class MeteredDecisionLog implements DecisionLog {
    public static final String DECISIONS = "trustplane.decisions";
    public static final String UNRECORDED = "trustplane.decisions.unrecorded";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,39}");

    private final DecisionLog log;
    private final MeterRegistry metrics;

    public MeteredDecisionLog(DecisionLog log, MeterRegistry metrics) {
        this.log = Objects.requireNonNull(log, "log");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // The series alerts watch exist from the start (at 0), so "increase" sees the first denial.
        for (String[] series : new String[][] {{"attestation.verdict", "permitted"}, {"attestation.verdict", "denied"},
                {"key.release", "released"}, {"key.release", "denied"}}) {
            metrics.counter(DECISIONS, "type", series[0], "outcome", series[1]);
            metrics.counter(UNRECORDED, "type", series[0]);
        }
    }

    @Override
    public void expectingAppend(Runnable request) {
        log.expectingAppend(request);
    }

    @Override
    public long append(DecisionRecord record) {
        long index;
        try {
            index = log.append(record);
        } catch (RuntimeException e) {
            metrics.counter(UNRECORDED, "type", record.type()).increment();
            throw e;
        }
        Object outcome = record.fields().getOrDefault("verdict", record.fields().get("outcome"));
        String label = outcome instanceof String s && LABEL.matcher(s).matches() ? s : "other";
        metrics.counter(DECISIONS, "type", record.type(), "outcome", label).increment();
        return index;
    }
}
