package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.http.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code trustplane demo} as an integration test: every step runs for real (embedded PostgreSQL) and behaves. */
class DemoCommandTest {
    @Test
    void the_whole_flow_behaves_as_described() {
        CliRun run = CliRun.of("demo", "--rows", "24", "--json");
        String out = run.out();
        // The test logging configuration writes to stdout too; the CLI's own logs go to stderr.
        JsonNode report = Json.MAPPER.readTree(out.substring(out.indexOf("{\n")));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(report.path("ok").asBoolean()).isTrue();
        JsonNode steps = report.path("steps");
        assertThat(steps.size()).isEqualTo(8);
        assertThat(steps.get(4).path("detail").asString()).contains("decrypted 24 amounts").contains("match");
        assertThat(steps.get(5).path("detail").asString()).contains("403").contains("x-ms-sevsnpvm-is-debuggable");
        assertThat(steps.get(6).path("detail").asString()).contains("x-ms-sevsnpvm-launchmeasurement");
        assertThat(steps.get(7).path("detail").asString()).contains("released").contains("denied").contains("verified");
        for (JsonNode step : steps) {
            assertThat(step.path("millis").asLong()).isNotNegative();
        }
    }
}
