package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.server.config.LedgerBatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s ledger batching from flags, environment and config file, as every serve option. */
class LedgerOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void defaults_are_1000_entries_and_4_ms() throws Exception {
        var batching = new LedgerOptions().settings(null, CommonOptions.KEYS, Map.of());
        assertThat(batching).isEqualTo(LedgerBatching.DEFAULT);
        assertThat(batching).isEqualTo(new LedgerBatching(1000, Duration.ofMillis(4)));
    }

    @Test
    void flag_environment_and_file_set_them() throws Exception {
        var flag = new LedgerOptions();
        flag.batchDelay = "0";
        flag.batchSize = "64";
        assertThat(flag.settings(null, CommonOptions.KEYS, Map.of())).isEqualTo(new LedgerBatching(64, Duration.ZERO));

        var env = new LedgerOptions().settings(null, CommonOptions.KEYS, Map.of("TRUSTPLANE_LEDGER_BATCH_DELAY", "10ms"));
        assertThat(env.maxDelay()).isEqualTo(Duration.ofMillis(10));

        Path config = tmp.resolve("trustplane.conf");
        Files.writeString(config, "ledger-batch-size = 5000\nledger-batch-delay = 1s\n");
        assertThat(new LedgerOptions().settings(config, CommonOptions.KEYS, Map.of()))
                .isEqualTo(new LedgerBatching(5000, Duration.ofSeconds(1)));
    }

    @Test
    void malformed_or_out_of_range_values_are_usage_errors_naming_the_setting() {
        var words = new LedgerOptions();
        words.batchSize = "lots";
        assertThatThrownBy(() -> words.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("ledger-batch-size must be a whole number");
        var zero = new LedgerOptions();
        zero.batchSize = "0";
        assertThatThrownBy(() -> zero.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("ledger batch size must be 1 to 100000");
        var slow = new LedgerOptions();
        slow.batchDelay = "2s";
        assertThatThrownBy(() -> slow.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("ledger batch delay must be 0 to 1 s");
        var unit = new LedgerOptions();
        unit.batchDelay = "4 fortnights";
        assertThatThrownBy(() -> unit.settings(null, CommonOptions.KEYS, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not a duration");
    }
}
