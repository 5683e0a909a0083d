package dev.trustplane.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.ledger.LedgerException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Decisions are counted by type and outcome once durable; refused records are counted apart and still fail. */
class MeteredDecisionLogTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean ledgerDown = new AtomicBoolean();
    private final MeteredDecisionLog log = new MeteredDecisionLog(record -> {
        if (ledgerDown.get()) {
            throw new LedgerException(LedgerException.Code.UNAVAILABLE, "store down");
        }
        return 7;
    }, registry);

    private double count(String type, String outcome) {
        var counter = registry.find(MeteredDecisionLog.DECISIONS).tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void counts_verdicts_outcomes_and_unrecorded_decisions() {
        assertThat(count("key.release", "denied")).as("registered at 0 before any decision").isZero();
        assertThat(log.append(new DecisionRecord("key.release", Map.of("verdict", "denied", "reason", "x")))).isEqualTo(7);
        log.append(new DecisionRecord("attestation.verdict", Map.of("verdict", "permitted")));
        log.append(new DecisionRecord("key.create", Map.of("outcome", "succeeded")));
        log.append(new DecisionRecord("key.sign", Map.of("outcome", "not a label!")));
        assertThat(count("key.release", "denied")).isEqualTo(1);
        assertThat(count("attestation.verdict", "permitted")).isEqualTo(1);
        assertThat(count("key.create", "succeeded")).isEqualTo(1);
        assertThat(count("key.sign", "other")).as("free text never becomes a label value").isEqualTo(1);

        ledgerDown.set(true);
        assertThatThrownBy(() -> log.append(new DecisionRecord("key.release", Map.of("verdict", "released"))))
                .isInstanceOf(LedgerException.class);
        assertThat(registry.find(MeteredDecisionLog.UNRECORDED).tag("type", "key.release").counter().count()).isEqualTo(1);
        assertThat(count("key.release", "released")).as("an unrecorded decision did not happen").isZero();
    }
}
