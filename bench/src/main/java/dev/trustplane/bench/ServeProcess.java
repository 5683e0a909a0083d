package dev.trustplane.bench;

import dev.trustplane.common.PemCertificates;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code trustplane serve} in its own JVM, started from the CLI jar exactly as the {@code trustplane} script
 * starts it, on a free loopback port, against a store given through the environment (never argv: the URL may hold
 * a password). For benchmarks that must not share the server's JVM with anything else.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern COUNT = Pattern.compile(
            "^http_server_requests_seconds_count\\{([^}]*)\\} ([0-9.E+]+)$", Pattern.MULTILINE);

    private final Path dataDir;
    private final int port;
    private final Path log;
    private final Process process;
    private HttpClient http;

    private ServeProcess(Path dataDir, int port, Path log, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java -jar jar serve} on {@code dataDir}; returns at once (see {@link #awaitReady}). */
    static ServeProcess start(Path jar, Path dataDir, String store, Path log) throws IOException {
        int port = freePort();
        var builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve",
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:" + port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TRUSTPLANE_STORE", store);
        return new ServeProcess(dataDir, port, log, builder.start());
    }

    /** Waits until {@code /readyz} answers 200 over TLS; fails with the server's log otherwise. */
    ServeProcess awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("trustplane serve exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Files.exists(dataDir.resolve("tls/ca.pem"))) {
                try {
                    if (client().send(get("/readyz"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return this;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("trustplane serve was not ready after " + limit + ":\n" + Files.readString(log));
    }

    String base() {
        return "https://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** An HTTP client trusting this data dir's development CA. */
    HttpClient client() throws Exception {
        if (http == null) {
            http = HttpClient.newBuilder().sslContext(PemCertificates.trustingOnly(dataDir.resolve("tls/ca.pem")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    /** CPU time (user + system) the server's JVM has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("this platform does not report a process's CPU time"));
    }

    /** Requests this server has answered with a 2xx status on {@code api} (its first path segment), from {@code /metrics}. */
    long served(String api) throws Exception {
        String metrics = client().send(get("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        long total = 0;
        Matcher m = COUNT.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("api=\"" + api + "\"") && m.group(1).contains("status=\"2")) {
                total += (long) Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build();
    }

    /** SIGTERM, as an operator stops a replica; SIGKILL if it has not drained within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
