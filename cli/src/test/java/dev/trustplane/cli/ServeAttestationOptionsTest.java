package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s attestation settings: validated before anything is written, from flags and the config file. */
class ServeAttestationOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void out_of_range_or_malformed_values_are_usage_errors_naming_the_setting() throws Exception {
        Path dir = tmp.resolve("d");
        var lifetime = CliRun.of("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--attest-token-lifetime", "30d");
        assertThat(lifetime.exitCode()).isEqualTo(2);
        assertThat(lifetime.err()).contains("between 1 minute and 7 days");
        var rate = CliRun.of("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--attest-rate", "many");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("attest-rate must be a whole number");

        Path config = tmp.resolve("trustplane.conf");
        Files.writeString(config, "attest-rate = 120\nattest-burst = 0\n");
        var fromFile = CliRun.of("serve", "--config", config.toString(), "--data-dir", dir.toString(), "--listen", "127.0.0.1:0");
        assertThat(fromFile.exitCode()).isEqualTo(2);
        assertThat(fromFile.err()).contains("attest burst must be between 1 and 1000000");

        var fetch = CliRun.of("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--collateral-fetch", "yes");
        assertThat(fetch.exitCode()).isEqualTo(2);
        assertThat(fetch.err()).contains("--collateral-fetch must be off or on, got 'yes'");
        var mirrorAlone = CliRun.of("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--pcs-url",
                "https://pccs.internal:8081");
        assertThat(mirrorAlone.exitCode()).isEqualTo(2);
        assertThat(mirrorAlone.err()).contains("need --collateral-fetch on");
        var plainHttp = CliRun.of("serve", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--collateral-fetch", "on",
                "--kds-url", "http://kds.internal");
        assertThat(plainHttp.exitCode()).isEqualTo(2);
        assertThat(plainHttp.err()).contains("kds-url must be an https URL");
        assertThat(dir).doesNotExist();
    }
}
