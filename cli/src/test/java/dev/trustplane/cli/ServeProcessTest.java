package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustplane serve} as a separate process, as an operator runs it: it becomes ready over TLS,
 * and on SIGTERM finishes the request in flight, then exits 0.
 */
class ServeProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigterm_drains_the_request_in_flight_and_exits_zero() throws Exception {
        int port = freePort();
        Process server = new ProcessBuilder(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--data-dir",
                dir.resolve("data").toString(), "--listen", "127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        try {
            Path ca = dir.resolve("data/tls/ca.pem");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(ca) && ready(ca, port));
            String admin = Files.readString(dir.resolve("data/admin.token")).trim();
            String body = "{\"role\":\"Administrator\",\"name\":\"in-flight\"}";
            var factory = ApiClient.trusting(ca).getSocketFactory();
            try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /admin/tokens HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + admin
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body.substring(0, 10).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(500);
                server.destroy(); // SIGTERM
                Thread.sleep(500);
                out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(reader.readLine()).isEqualTo("HTTP/1.1 201 Created");
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(dir.resolve("server.log"))).isZero();
            assertThat(Files.readString(dir.resolve("server.log"))).contains("stopped").doesNotContain(admin);
        } finally {
            server.destroyForcibly();
        }
    }

    private static boolean ready(Path ca, int port) {
        try {
            var http = HttpClient.newBuilder().sslContext(ApiClient.trusting(ca)).build();
            var res = http.send(HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
