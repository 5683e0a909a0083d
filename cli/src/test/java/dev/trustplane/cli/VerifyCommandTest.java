package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustplane.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code trustplane verify}: verdicts and exit codes on simulated and real evidence, and bad input. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    private Path simulate(String... extra) {
        Path out = tmp.resolve("sim");
        String[] args = new String[extra.length + 4];
        args[0] = "sim";
        args[1] = "snp";
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        assertThat(CliRun.of(args).exitCode()).isZero();
        return out;
    }

    private CliRun verify(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "verify";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--offline";
        full[args.length + 2] = "--data-dir";
        full[args.length + 3] = tmp.resolve("data").toString();
        return CliRun.of(full);
    }

    @Test
    void simulated_evidence_is_genuine_only_under_the_simulated_profile() throws Exception {
        Path sim = simulate("--debug", "--measurement", "11".repeat(48));
        String report = sim.resolve("report.bin").toString();
        String vcek = sim.resolve("vcek.pem").toString();
        String chain = sim.resolve("cert_chain.pem").toString();

        CliRun genuine = verify(report, vcek, chain, "--trust", "simulated", "--json");
        assertThat(genuine.exitCode()).as(genuine.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(genuine.out());
        assertThat(json.get("genuine").asBoolean()).isTrue();
        assertThat(json.get("type").asString()).isEqualTo("sevsnpvm");
        assertThat(json.get("claims").get("x-ms-sevsnpvm-launchmeasurement").asString()).isEqualTo("11".repeat(48));
        assertThat(json.get("claims").get("x-ms-sevsnpvm-is-debuggable").asBoolean()).isTrue();
        assertThat(json.get("reasons")).isEmpty();

        CliRun production = verify(report, vcek, chain);
        assertThat(production.exitCode()).isEqualTo(1);
        assertThat(production.out()).startsWith("NOT GENUINE").contains("CHAIN_INVALID");
    }

    @Test
    void a_wrong_nonce_is_not_genuine() throws Exception {
        Path sim = simulate("--report-data", "aa".repeat(64));
        CliRun run = verify(sim.resolve("report.bin").toString(), sim.resolve("vcek.pem").toString(),
                sim.resolve("cert_chain.pem").toString(), "--trust", "simulated", "--nonce", "bb".repeat(64));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("REPORT_DATA_MISMATCH");
    }

    @Test
    void missing_collateral_offline_is_not_genuine() throws Exception {
        Path sim = simulate();
        CliRun run = verify(sim.resolve("report.bin").toString(), "--trust", "simulated");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("COLLATERAL_UNAVAILABLE");
    }

    @Test
    void real_genoa_report_verifies_as_of_a_time_with_a_collateral_folder() {
        Path vectors = Path.of(System.getProperty("trustplane.shared", "../shared"), "vectors");
        assumeTrue(Files.isDirectory(vectors), "shared vectors absent: real-evidence CLI test skipped");
        CliRun run = verify(vectors.resolve("snp/genoa-v3-ms.bin").toString(),
                vectors.resolve("collateral/vcek-genoa-ms.pem").toString(), "--collateral",
                vectors.resolve("roots").toString(), "--at", "2026-06-01T00:00:00Z");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("GENUINE (sevsnpvm)").contains("CRL_NOT_CHECKED");
    }

    @Test
    void unreadable_or_unrecognisable_input_is_exit_2() throws Exception {
        assertThat(verify(tmp.resolve("missing.bin").toString()).exitCode()).isEqualTo(2);
        Path garbage = Files.writeString(tmp.resolve("garbage.txt"), "hello");
        CliRun run = verify(garbage.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("trustplane: cannot verify");
        assertThat(verify(garbage.toString(), "--type", "nitro").exitCode()).isEqualTo(2);
        assertThat(verify(garbage.toString(), "--type", "sgx").exitCode()).isEqualTo(1);
        assertThat(verify(garbage.toString(), "--at", "yesterday").exitCode()).isEqualTo(2);
    }
}
