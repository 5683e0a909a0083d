package dev.trustplane.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * One {@code trustplane serve} replica as a separate JVM, on a fixed port, against a store given through the
 * environment (never argv), trusting simulated TEE evidence. Killed with SIGKILL ({@link #kill}) or restarted on the
 * same data dir and port.
 */
final class ReplicaProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final String store;
    private final Path log;
    private Process process;
    private int starts;

    ReplicaProcess(Path dataDir, String store, Path logDir, String name) throws IOException {
        this.dataDir = dataDir;
        this.port = freePort();
        this.store = store;
        this.log = logDir.resolve(name + ".log");
    }

    /** Starts the process; returns at once (see {@link #ready}). */
    ReplicaProcess start() throws IOException {
        starts++;
        var builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                // No -XX:TieredStopAtLevel=1: the simulated trust profile derives RSA-4096 roots at start, three
                // times the CPU time without C2.
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                // Jobs tick every second, so a dead holder's lease lapses in three.
                "-Dtrustplane.jobs.interval=1s",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:" + port,
                // The simulator's roots, so that clients attest simulated SEV-SNP evidence for key releases.
                "--trust", "simulated"))
                .redirectErrorStream(true)
                .redirectOutput(starts == 1 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TRUSTPLANE_STORE", store);
        process = builder.start();
        return this;
    }

    /** Whether {@code /readyz} answers 200 over TLS (trusting the data dir's development CA). */
    boolean ready() {
        Path ca = ca();
        if (!process.isAlive() || !Files.exists(ca)) {
            return false;
        }
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(ApiClient.trusting(ca)).connectTimeout(Duration.ofSeconds(2)).build();
            return http.send(HttpRequest.newBuilder(uri("/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no drain, leases left to lapse. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The process id of the current start: unchanged means the replica was not restarted. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    Path ca() {
        return dataDir.resolve("tls/ca.pem");
    }

    SSLContext tls() throws UsageException {
        return ApiClient.trusting(ca());
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
