package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustplane agent run --refresh} with the simulated TEE against an in-process server: the command keeps
 * running through a refused refresh within the grace period, and is stopped, with exit code 1 and a line saying
 * why, once refreshing has failed for longer than the grace period.
 */
class AgentRunRefreshTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    TrustplaneServer server;
    String base;
    Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dir.resolve("data")).withSimulatedTrust(true), List.of());
        base = "https://127.0.0.1:" + server.port();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, AdminToken.read(dir.resolve("data").resolve(AdminToken.FILE)));
        HttpClient http = HttpClient.newBuilder().sslContext(ApiClient.trusting(server.caCertificate())).build();
        String policy = Base64.getUrlEncoder().withoutPadding().encodeToString(
                String.format(AgentCommandTest.POLICY, base).getBytes(StandardCharsets.UTF_8));
        var res = http.send(HttpRequest.newBuilder(URI.create(base + "/keys/data-key/create?api-version=7.6"))
                .header("Authorization", "Bearer " + Files.readString(tokenFile))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kty\":\"oct-HSM\",\"key_size\":256,"
                        + "\"attributes\":{\"exportable\":true},\"release_policy\":{\"data\":\"" + policy + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_refused_refresh_within_grace_keeps_the_command_running() throws Exception {
        Path got = dir.resolve("got.key");
        Path done = dir.resolve("done");
        // The command reads its key, then runs until the test lets it finish.
        LiveRun run = LiveRun.start("agent", "run", "data-key", "--server", base, "--ca",
                server.caCertificate().toString(), "--tee", "sim", "--token-file", tokenFile.toString(),
                "--refresh", "1s", "--grace", "1h", "--", "sh", "-c",
                "cat > '" + got + "'; while [ ! -e '" + done + "' ]; do sleep 0.1; done; exit 7");
        await(() -> run.err().contains("refreshed " + base + "/keys/data-key/"), run);
        assertThat(Files.readAllBytes(got)).hasSize(32);
        assertThat(run.err()).containsPattern("refreshed \\S+ in \\d+ ms");

        // The key service now refuses the workload's credential: refreshes fail, the key is kept.
        Files.writeString(tokenFile, "not-a-token");
        await(() -> run.err().contains("refresh failed (keeping the key until"), run);
        assertThat(run.err()).contains("401").doesNotContain("key dropped");
        assertThat(run.isRunning()).isTrue();

        // Service restored: the next refresh succeeds again.
        int before = count(run.err(), "refreshed ");
        Files.writeString(tokenFile, AdminToken.read(dir.resolve("data").resolve(AdminToken.FILE)));
        await(() -> count(run.err(), "refreshed ") > before, run);

        Files.createFile(done);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
        assertThat(run.err()).doesNotContain("key dropped").doesNotContain("stopping pid");
    }

    @Test
    void a_server_down_past_grace_drops_the_key_and_stops_the_command() throws Exception {
        Path got = dir.resolve("got.key");
        LiveRun run = LiveRun.start("agent", "run", "data-key", "--server", base, "--ca",
                server.caCertificate().toString(), "--tee", "sim", "--token-file", tokenFile.toString(),
                "--refresh", "1s", "--grace", "1s", "--", "sh", "-c", "cat > '" + got + "'; exec sleep 600");
        await(() -> run.err().contains("refreshed "), run);
        assertThat(Files.readAllBytes(got)).hasSize(32);

        server.close();
        Instant closed = Instant.now();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Duration.between(closed, Instant.now())).as("stopped by SIGTERM, not after sleep 600")
                .isLessThan(PATIENCE);
        assertThat(run.err())
                .contains("refresh failed past the grace period")
                .contains("key dropped")
                .contains("stopping pid")
                .contains("sh was stopped because its key was dropped");
    }

    @Test
    void grace_without_refresh_and_bad_durations_are_usage_errors() {
        String[] common = {"agent", "run", "data-key", "--server", base, "--ca", server.caCertificate().toString(),
            "--tee", "sim", "--token-file", tokenFile.toString()};
        assertThat(CliRun.of(concat(common, "--grace", "1h", "--", "true")).exitCode()).isEqualTo(2);
        CliRun bad = CliRun.of(concat(common, "--refresh", "soon", "--", "true"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--refresh").contains("not a duration");
        assertThat(CliRun.of(concat(common, "--refresh", "0s", "--", "true")).exitCode()).isEqualTo(2);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void await(BooleanSupplier condition, LiveRun run) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s; stderr so far:%n%s", PATIENCE, run.err()).isBefore(deadline);
            assertThat(run.isRunning()).as("the agent ended early; stderr:%n%s", run.err()).isTrue();
            Thread.sleep(50);
        }
    }

    /**
     * {@code trustplane ...} in-process on another thread, its stderr readable while it runs (the CLI module's
     * test classes run one at a time, so swapping System.err is safe).
     */
    record LiveRun(CompletableFuture<Integer> exit, ByteArrayOutputStream errBytes) {
        static LiveRun start(String... args) {
            var err = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(args));
            exit.whenComplete((code, e) -> System.setErr(originalErr));
            return new LiveRun(exit, err);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }

        boolean isRunning() {
            return !exit.isDone();
        }

        int exitCode() throws Exception {
            return exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
