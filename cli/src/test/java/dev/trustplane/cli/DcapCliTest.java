package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code trustplane sim tdx|sgx}, {@code verify} of TDX/SGX quotes, and Intel collateral import/export. */
class DcapCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    private static JsonNode json(CliRun run) {
        return JSON.readTree(run.out());
    }

    @Test
    void simulated_tdx_quote_verifies_offline_under_simulated_trust_only() {
        Path out = tmp.resolve("tdx");
        CliRun sim = CliRun.of("sim", "tdx", "--version", "5", "--report-data", "c0ffee", "--rtmr", "3=" + "ab".repeat(48),
                "--out", out.toString());
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        assertThat(out.resolve("quote.dat")).exists();
        CliRun verify = CliRun.of("verify", out.resolve("quote.dat").toString(), "--collateral", out.toString(),
                "--trust", "simulated", "--offline", "--require-crl", "--nonce", "c0ffee", "--json",
                "--data-dir", tmp.resolve("data").toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        JsonNode r = json(verify);
        assertThat(r.get("type").asString()).isEqualTo("tdxvm");
        assertThat(r.get("claims").get("attester_tcb_status").asString()).isEqualTo("UpToDate");
        assertThat(r.get("claims").get("tdx_rtmr3").asString()).isEqualTo("ab".repeat(48));

        CliRun production = CliRun.of("verify", out.resolve("quote.dat").toString(), "--collateral", out.toString(),
                "--offline", "--data-dir", tmp.resolve("data").toString());
        assertThat(production.exitCode()).isEqualTo(1);
        assertThat(production.out()).contains("NOT GENUINE (tdxvm)").contains("CHAIN_INVALID");
    }

    @Test
    void simulated_debug_enclave_with_out_of_date_tcb_is_genuine_with_warnings() {
        Path out = tmp.resolve("sgx");
        assertThat(CliRun.of("sim", "sgx", "--debug", "--tcb-status", "OutOfDate", "--product-id", "3", "--out",
                out.toString()).exitCode()).isZero();
        CliRun verify = CliRun.of("verify", "--type", "sgx", out.resolve("quote.dat").toString(), "--collateral",
                out.toString(), "--trust", "simulated", "--offline", "--data-dir", tmp.resolve("data").toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("GENUINE (sgx)").contains("warning: DEBUG_ENABLED")
                .contains("warning: TCB_OUT_OF_DATE").contains("x-ms-sgx-product-id = 3");
    }

    @Test
    void simulated_sgx_quote_binds_runtime_data_and_writes_maa_request_body() throws Exception {
        Path runtime = tmp.resolve("runtime.json");
        Files.writeString(runtime, "{\"keys\":[]}");
        Path out = tmp.resolve("sgx-rt");
        CliRun sim = CliRun.of("sim", "sgx", "--runtime-data", runtime.toString(), "--out", out.toString());
        assertThat(sim.exitCode()).as(sim.err()).isZero();

        JsonNode body = JSON.readTree(Files.readString(out.resolve("attest-request.json")));
        assertThat(java.util.Base64.getUrlDecoder().decode(body.get("quote").asString()))
                .isEqualTo(Files.readAllBytes(out.resolve("quote.dat")));
        assertThat(java.util.Base64.getUrlDecoder().decode(body.get("runtimeData").get("data").asString()))
                .isEqualTo(Files.readAllBytes(runtime));
        assertThat(body.get("runtimeData").get("dataType").asString()).isEqualTo("JSON");
        // REPORTDATA is SHA-256 of the runtime data, zero-padded: the quote verifies with that as its nonce.
        String digest = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(runtime)));
        CliRun verify = CliRun.of("verify", out.resolve("quote.dat").toString(), "--collateral", out.toString(),
                "--trust", "simulated", "--offline", "--nonce", digest, "--data-dir", tmp.resolve("data").toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        assertThat(CliRun.of("sim", "tdx", "--runtime-data", runtime.toString(), "--report-data", "00", "--out",
                out.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void bad_sim_flags_exit_2_naming_the_flag() {
        CliRun run = CliRun.of("sim", "tdx", "--version", "3", "--out", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--version");
        CliRun status = CliRun.of("sim", "sgx", "--tcb-status", "Fine", "--out", tmp.toString());
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("--tcb-status");
    }

    @Test
    void real_quote_verifies_with_imported_intel_collateral_offline_and_exports_it() throws Exception {
        String shared = System.getProperty("trustplane.shared");
        Path vectors = shared == null ? null : Path.of(shared, "vectors");
        assumeTrue(vectors != null && Files.isDirectory(vectors.resolve("sgx")), "shared vectors absent; skipped");
        Path incoming = Files.createDirectories(tmp.resolve("incoming"));
        for (String f : List.of("intel-sgx-tcbinfo-00606a000000-2025.json", "intel-sgx-qe-identity-2025.json",
                "intel-pck-platform-crl-2025-08.der", "intel-root-ca-crl-2023.der", "intel-tcb-signing-2025.der")) {
            Files.copy(vectors.resolve("collateral").resolve(f), incoming.resolve(f));
        }
        String data = tmp.resolve("data").toString();
        CliRun imported = CliRun.of("collateral", "import", incoming.toString(), "--data-dir", data);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 1 Intel TCB Info, 1 QE Identity, 2 Intel CRL(s), 1 TCB Signing");
        assertThat(imported.err()).doesNotContain("skipped");

        CliRun verify = CliRun.of("verify", vectors.resolve("sgx/v3-icx-automata.dat").toString(), "--offline",
                "--require-crl", "--at", "2025-08-20T00:00:00Z", "--json", "--data-dir", data);
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(json(verify).get("claims").get("dcap-tcb-status").asString()).isEqualTo("SWHardeningNeeded");

        Path exported = tmp.resolve("exported");
        CliRun export = CliRun.of("collateral", "export", exported.toString(), "--data-dir", data);
        assertThat(export.exitCode()).isZero();
        assertThat(exported.resolve("intel/sgx/tcb/00606a000000.json")).exists();
        assertThat(exported.resolve("intel/tcb-signing-chain.pem")).exists();
    }

    @Test
    void simulated_td_with_its_cc_event_log_replays_and_another_log_is_a_mismatch() {
        Path out = tmp.resolve("ccel");
        CliRun sim = CliRun.of("sim", "tdx", "--event-log", "--kernel-cmdline", "console=hvc0", "--out", out.toString());
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        String data = tmp.resolve("data").toString();
        CliRun verify = CliRun.of("verify", out.resolve("quote.dat").toString(), out.resolve("ccel.bin").toString(),
                "--collateral", out.toString(), "--trust", "simulated", "--offline", "--json", "--data-dir", data);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        JsonNode claims = json(verify).get("claims");
        assertThat(claims.get("dcap-ccel-replayed").asBoolean()).isTrue();
        assertThat(claims.get("dcap-ccel-events").size()).isEqualTo(7);
        assertThat(claims.get("dcap-ccel-events").get(6).get("type").asString()).isEqualTo("EV_IPL");

        Path other = tmp.resolve("other");
        assertThat(CliRun.of("sim", "tdx", "--event-log", "--out", other.toString()).exitCode()).isZero();
        CliRun mismatch = CliRun.of("verify", out.resolve("quote.dat").toString(), other.resolve("ccel.bin").toString(),
                "--collateral", out.toString(), "--trust", "simulated", "--offline", "--data-dir", data);
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.out()).contains("MEASUREMENT_MISMATCH").contains("RTMR2");

        CliRun both = CliRun.of("sim", "tdx", "--event-log", "--rtmr", "0=" + "00".repeat(48), "--out", other.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--event-log");
    }

    @Test
    void expired_collateral_warns_fails_when_fresh_collateral_is_required_and_is_a_policy_claim() throws Exception {
        Path out = tmp.resolve("stale");
        assertThat(CliRun.of("sim", "sgx", "--collateral-next-update", "2025-02-01T00:00:00Z", "--out", out.toString())
                .exitCode()).isZero();
        String data = tmp.resolve("data").toString();
        String quote = out.resolve("quote.dat").toString();
        CliRun lenient = CliRun.of("verify", quote, "--collateral", out.toString(), "--trust", "simulated", "--offline",
                "--data-dir", data);
        assertThat(lenient.exitCode()).as(lenient.out()).isZero();
        assertThat(lenient.out()).contains("warning: COLLATERAL_EXPIRED").contains("dcap-collateral-expired = true")
                .contains("dcap-collateral-next-update = 2025-02-01T00:00:00Z");
        CliRun strict = CliRun.of("verify", quote, "--collateral", out.toString(), "--trust", "simulated", "--offline",
                "--require-fresh-collateral", "--data-dir", data);
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).contains("NOT GENUINE (sgx)").contains("reason:  COLLATERAL_UNAVAILABLE")
                .contains("expired at 2025-02-01T00:00:00Z");

        Path policy = Files.writeString(tmp.resolve("fresh.txt"), """
                version= 1.0;
                authorizationrules
                {
                    [type=="dcap-collateral-expired", value==true] => deny();
                    => permit();
                };
                """);
        CliRun denied = CliRun.of("policy", "test", policy.toString(), quote, "--collateral", out.toString(), "--trust",
                "simulated", "--offline", "--data-dir", data);
        assertThat(denied.exitCode()).as(denied.out() + denied.err()).isEqualTo(1);
        assertThat(denied.out()).startsWith("DENIED");
        Path fresh = tmp.resolve("fresh");
        assertThat(CliRun.of("sim", "sgx", "--out", fresh.toString()).exitCode()).isZero();
        CliRun permitted = CliRun.of("policy", "test", policy.toString(), fresh.resolve("quote.dat").toString(),
                "--collateral", fresh.toString(), "--trust", "simulated", "--offline", "--data-dir", data);
        assertThat(permitted.exitCode()).as(permitted.out() + permitted.err()).isZero();
        assertThat(permitted.out()).startsWith("PERMITTED");
    }
}
