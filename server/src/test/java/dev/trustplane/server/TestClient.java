package dev.trustplane.server;

import dev.trustplane.common.PemCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** An HTTPS client that trusts exactly one CA file, as a user following the README would configure it. */
public final class TestClient {
    private final HttpClient http;
    private final String base;
    private final SSLContext tls;
    private final int port;

    public TestClient(Path caPem, int port) throws Exception {
        this.tls = trusting(caPem);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        this.base = "https://127.0.0.1:" + port;
        this.port = port;
    }

    public static SSLContext trusting(Path caPem) throws Exception {
        return PemCertificates.trustingOnly(caPem);
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    public HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        var builder = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    public HttpResponse<String> delete(String path, String token) throws Exception {
        return send(request(path, token).DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-terminated, no body unless the caller appends one) over a
     * fresh TLS connection and returns the response's head and body as text. For what java.net.http will not send:
     * a Host of our choosing, or a Content-Length whose body never follows.
     */
    public String raw(String head) throws Exception {
        try (var socket = tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder response = new StringBuilder();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                response.append(line).append('\n');
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return response.append('\n').append(body, 0, read).toString();
        }
    }

    public HttpClient http() {
        return http;
    }
}
