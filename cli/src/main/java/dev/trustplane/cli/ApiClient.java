package dev.trustplane.cli;

import dev.trustplane.common.PemCertificates;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * A small HTTPS client for the CLI's online commands: trusts exactly the given CA, sends the bearer
 * token, and turns the server's error envelope into a one-line message.
 */
final class ApiClient {
    private final HttpClient http;
    private final URI base;
    private final String token;

    ApiClient(String server, Path caFile, String token) throws UsageException {
        try {
            this.base = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server '" + server + "' is not a URL");
        }
        if (!"https".equals(base.getScheme())) {
            throw new UsageException("--server must be an https:// URL");
        }
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(trusting(caFile)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    JsonNode send(String method, String path, Object body) throws UsageException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
            if (response.statusCode() >= 300) {
                JsonNode error = json.path("error");
                throw new UsageException("server answered " + response.statusCode() + " " + error.path("code").asString("")
                        + ": " + error.path("message").asString(""));
            }
            return json;
        } catch (IOException e) {
            throw new UsageException("cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        } catch (tools.jackson.core.JacksonException e) {
            throw new UsageException("the server's answer is not JSON");
        }
    }

    static SSLContext trusting(Path caFile) throws UsageException {
        try {
            return PemCertificates.trustingOnly(caFile);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException("cannot use CA file " + caFile + ": " + e.getClass().getSimpleName());
        }
    }
}
