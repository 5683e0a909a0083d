package dev.trustplane.server.config;

import dev.trustplane.ledger.LedgerConfig;
import java.time.Duration;

/**
 * How the ledger groups appends into commits ({@code serve --ledger-batch-size}, {@code --ledger-batch-delay}): at
 * most {@code maxEntries} per commit, and a batch waits at most {@code maxDelay} for appends known to be coming
 * (see {@code LedgerConfig}; docs/performance.md, "Fuller batches").
 */
public record LedgerBatching(int maxEntries, Duration maxDelay) {
    public static final LedgerBatching DEFAULT =
            new LedgerBatching(LedgerConfig.DEFAULT_BATCH_ENTRIES, LedgerConfig.DEFAULT_BATCH_DELAY);

    public LedgerBatching {
        LedgerConfig.checkBatching(maxEntries, maxDelay);
    }
}
