package dev.trustplane.cli;

import dev.trustplane.ledger.LedgerConfig;
import dev.trustplane.server.config.LedgerBatching;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code trustplane serve} options of the ledger's group commits; each also a config-file key and an environment
 * variable ({@code TRUSTPLANE_LEDGER_BATCH_SIZE}, ...), as every serve option.
 */
final class LedgerOptions {
    static final Set<String> KEYS = Set.of("ledger-batch-size", "ledger-batch-delay");

    @Option(names = "--ledger-batch-size", paramLabel = "N",
            description = "Most ledger entries committed together (default " + LedgerConfig.DEFAULT_BATCH_ENTRIES
                    + ", 1 to 100000).")
    String batchSize;

    @Option(names = "--ledger-batch-delay", paramLabel = "DURATION",
            description = "How long a ledger commit may wait for the records of attestations, key releases and "
                    + "key operations under way (default 4ms, at most 1s; 0 = commit whatever is queued at once). It "
                    + "never waits when none is under way.")
    String batchDelay;

    /** The batching settings from flags, environment and the config file. */
    LedgerBatching settings(Path configFile, Set<String> allKeys, Map<String, String> env) throws UsageException {
        Settings s = Settings.load(configFile, allKeys, env);
        String size = s.get("ledger-batch-size", batchSize, Integer.toString(LedgerConfig.DEFAULT_BATCH_ENTRIES));
        String delay = s.get("ledger-batch-delay", batchDelay, LedgerConfig.DEFAULT_BATCH_DELAY.toMillis() + "ms");
        try {
            Duration wait = Settings.durationOrZero(delay);
            return new LedgerBatching(Settings.integer("ledger-batch-size", size), wait);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
