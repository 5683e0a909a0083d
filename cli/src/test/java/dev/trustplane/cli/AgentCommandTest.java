package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustplane agent} against a running server in simulated-trust mode: attest prints claims; run hands the
 * released key to a command on its standard input; a debuggable simulated TEE is refused with the reason.
 */
class AgentCommandTest {
    static final String POLICY = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"%s\",\"allOf\":["
            + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"},"
            + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}]}]}";

    @TempDir
    static Path dir;
    static TrustplaneServer server;
    static String base;
    static HttpClient http;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dir.resolve("data")).withSimulatedTrust(true), List.of());
        base = "https://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().sslContext(ApiClient.trusting(server.caCertificate())).build();
        admin = AdminToken.read(dir.resolve("data").resolve(AdminToken.FILE));
        String policy = Base64.getUrlEncoder().withoutPadding().encodeToString(
                String.format(POLICY, base).getBytes(StandardCharsets.UTF_8));
        var res = post("/keys/data-key/create?api-version=7.6", "{\"kty\":\"oct-HSM\",\"key_size\":256,"
                + "\"attributes\":{\"exportable\":true},\"release_policy\":{\"data\":\"" + policy + "\"}}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String[] connection(String... more) {
        String[] base = {"--server", AgentCommandTest.base, "--ca", server.caCertificate().toString(), "--tee", "sim"};
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    private static String[] args(String[] head, String[] tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    @Test
    void attest_prints_the_claims_of_a_fresh_token() {
        CliRun run = CliRun.of(args(new String[] {"agent", "attest"}, connection()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode claims = Json.MAPPER.readTree(run.out());
        assertThat(claims.path("x-ms-attestation-type").asString()).isEqualTo("sevsnpvm");
        assertThat(claims.path("x-ms-runtime").path("keys").get(0).path("use").asString()).isEqualTo("enc");
    }

    @Test
    void run_hands_the_key_to_the_command_on_stdin() throws Exception {
        Path got = dir.resolve("got.key");
        CliRun run = CliRun.of(args(new String[] {"agent", "run", "data-key"}, connection("--token-file",
                dir.resolve("data").resolve(AdminToken.FILE).toString(), "--", "sh", "-c", "cat > '" + got + "'")));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("released " + base + "/keys/data-key/");
        byte[] key = Files.readAllBytes(got);
        assertThat(key).hasSize(32);

        // The server encrypts with its copy; the released copy decrypts.
        JsonNode enc = Json.MAPPER.readTree(post("/keys/data-key/encrypt?api-version=7.6",
                "{\"alg\":\"A256GCM\",\"value\":\"" + Base64.getUrlEncoder().encodeToString("sum=42".getBytes(StandardCharsets.UTF_8))
                        + "\"}").body());
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Base64.getUrlDecoder().decode(enc.path("iv").asString())));
        gcm.update(Base64.getUrlDecoder().decode(enc.path("value").asString()));
        assertThat(new String(gcm.doFinal(Base64.getUrlDecoder().decode(enc.path("tag").asString())), StandardCharsets.UTF_8))
                .isEqualTo("sum=42");
    }

    @Test
    void a_debuggable_tee_is_refused_with_the_reason_and_nothing_runs() throws Exception {
        Path marker = dir.resolve("must-not-exist");
        CliRun run = CliRun.of(args(new String[] {"agent", "run", "data-key"}, connection("--sim-debug", "--token-file",
                dir.resolve("data").resolve(AdminToken.FILE).toString(), "--", "touch", marker.toString())));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("403").contains("x-ms-sevsnpvm-is-debuggable");
        assertThat(marker).doesNotExist();
    }

    @Test
    void unlock_luks_runs_cryptsetup_open_with_the_key_on_stdin() throws Exception {
        Path record = dir.resolve("cryptsetup.args");
        Path fake = dir.resolve("fake-cryptsetup");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > '" + record + "'\nwc -c | tr -d ' ' >> '" + record + "'\n");
        fake.toFile().setExecutable(true);
        CliRun run = CliRun.of(args(new String[] {"agent", "unlock-luks", "data-key", "/dev/loop7", "pgdata"},
                connection("--token-file", dir.resolve("data").resolve(AdminToken.FILE).toString(), "--cryptsetup",
                        fake.toString())));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(record)).containsExactly("open --key-file=- /dev/loop7 pgdata", "32");
    }

    @Test
    void a_refused_release_writes_no_key_bytes() {
        CliRun run = CliRun.of(args(new String[] {"agent", "release", "data-key"}, connection("--sim-debug",
                "--token-file", dir.resolve("data").resolve(AdminToken.FILE).toString(), "--out", "-")));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("key release refused: HTTP 403").contains("x-ms-sevsnpvm-is-debuggable")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void keys_that_were_never_released_give_a_clear_refusal_and_nothing_on_stdout() throws Exception {
        var res = post("/keys/kept-key/create?api-version=7.6", "{\"kty\":\"oct-HSM\",\"key_size\":256}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String token = dir.resolve("data").resolve(AdminToken.FILE).toString();
        CliRun missing = CliRun.of(args(new String[] {"agent", "release", "no-such-key"}, connection("--token-file",
                token, "--out", "-")));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("key release refused: HTTP 404").contains("no-such-key");

        CliRun notExportable = CliRun.of(args(new String[] {"agent", "release", "kept-key"}, connection("--token-file",
                token, "--out", "-")));
        assertThat(notExportable.exitCode()).isEqualTo(1);
        assertThat(notExportable.out()).isEmpty();
        assertThat(notExportable.err()).contains("key release refused: HTTP 403").contains("not exportable");
    }

    @Test
    void a_server_that_is_down_is_named_and_nothing_runs() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path marker = dir.resolve("not-started");
        CliRun run = CliRun.of("agent", "run", "data-key", "--server", "https://127.0.0.1:" + closed, "--ca",
                server.caCertificate().toString(), "--tee", "sim", "--token-file",
                dir.resolve("data").resolve(AdminToken.FILE).toString(), "--", "touch", marker.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("attestation: cannot reach 127.0.0.1:" + closed).doesNotContain("\tat ");
        assertThat(marker).doesNotExist();
    }

    @Test
    void no_tee_device_is_a_clear_error_listing_where_the_agent_looked() {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/sev-guest"))
                || Files.isDirectory(Path.of("/sys/kernel/config/tsm/report")), "this machine has an SNP interface");
        CliRun run = CliRun.of("agent", "release", "data-key", "--server", base, "--ca", server.caCertificate().toString(),
                "--tee", "snp", "--token-file", dir.resolve("data").resolve(AdminToken.FILE).toString(), "--out", "-");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no SEV-SNP evidence interface found").contains("/dev/sev-guest")
                .contains("--tee sim");
    }

    /** {@code trustplane ...} in-process with {@code stdin} on standard input; standard output kept as bytes. */
    record BinaryRun(int exitCode, byte[] out, String err) {
        static BinaryRun of(byte[] stdin, String... args) {
            synchronized (CliRun.class) {
                var in = System.in;
                var out = System.out;
                var err = System.err;
                var outBytes = new java.io.ByteArrayOutputStream();
                var errBytes = new java.io.ByteArrayOutputStream();
                try {
                    System.setIn(new java.io.ByteArrayInputStream(stdin));
                    System.setOut(new java.io.PrintStream(outBytes, true));
                    System.setErr(new java.io.PrintStream(errBytes, true, StandardCharsets.UTF_8));
                    int code = Main.run(args);
                    return new BinaryRun(code, outBytes.toByteArray(), errBytes.toString(StandardCharsets.UTF_8));
                } finally {
                    System.setIn(in);
                    System.setOut(out);
                    System.setErr(err);
                }
            }
        }
    }

    @Test
    void encrypt_and_decrypt_envelopes_through_stdin_and_stdout_and_corrupt_ones_decrypt_nothing() throws Exception {
        String token = dir.resolve("data").resolve(AdminToken.FILE).toString();
        byte[] secret = "region=north total=1234.50".getBytes(StandardCharsets.UTF_8);
        BinaryRun enc = BinaryRun.of(secret, args(new String[] {"agent", "encrypt", "data-key"},
                connection("--token-file", token, "--ad", "sales/42/amount")));
        assertThat(enc.exitCode()).as(enc.err()).isZero();
        byte[] envelope = enc.out();
        assertThat(java.util.Arrays.copyOf(envelope, 4)).containsExactly('T', 'P', 'E', 1);

        BinaryRun dec = BinaryRun.of(envelope, args(new String[] {"agent", "decrypt", "data-key"},
                connection("--token-file", token, "--ad", "sales/42/amount")));
        assertThat(dec.exitCode()).as(dec.err()).isZero();
        assertThat(dec.out()).isEqualTo(secret);

        // A flipped ciphertext byte, another row's associated data, or a truncated envelope: exit 1, no output.
        byte[] flipped = envelope.clone();
        flipped[flipped.length - 20] ^= 1;
        for (var bad : List.of(
                BinaryRun.of(flipped, args(new String[] {"agent", "decrypt", "data-key"},
                        connection("--token-file", token, "--ad", "sales/42/amount"))),
                BinaryRun.of(envelope, args(new String[] {"agent", "decrypt", "data-key"},
                        connection("--token-file", token, "--ad", "sales/43/amount"))))) {
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.out()).isEmpty();
            assertThat(bad.err()).contains("does not open");
        }
        BinaryRun truncated = BinaryRun.of(java.util.Arrays.copyOf(envelope, 30), args(new String[] {"agent", "decrypt",
            "data-key"}, connection("--token-file", token, "--ad", "sales/42/amount")));
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.out()).isEmpty();
        assertThat(truncated.err()).contains("not an envelope").contains("offset");
        BinaryRun notOurs = BinaryRun.of("plain text".getBytes(StandardCharsets.UTF_8), args(new String[] {"agent",
            "decrypt", "data-key"}, connection("--token-file", token, "--ad", "x")));
        assertThat(notOurs.exitCode()).isEqualTo(1);
        assertThat(notOurs.err()).contains("bad magic at offset 0");

        // A TEE the policy refuses gets no key, so nothing is decrypted.
        BinaryRun refused = BinaryRun.of(envelope, args(new String[] {"agent", "decrypt", "data-key"},
                connection("--sim-debug", "--token-file", token, "--ad", "sales/42/amount")));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("403").contains("x-ms-sevsnpvm-is-debuggable");
    }

    @Test
    void bad_usage_is_exit_2() {
        assertThat(CliRun.of(args(new String[] {"agent", "release", "data-key"}, connection("--token-file",
                "/nonexistent", "--out", "-"))).exitCode()).isEqualTo(2);
        assertThat(CliRun.of(args(new String[] {"agent", "release", "data-key"}, connection("--token-file",
                dir.resolve("data").resolve(AdminToken.FILE).toString(), "--out", "key.bin"))).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("agent", "attest", "--server", "http://x", "--ca", server.caCertificate().toString())
                .exitCode()).isEqualTo(2);
    }
}
