package dev.trustplane.server;

import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/**
 * A raw HTTPS client of a JSON API for tests, as one bearer token: adds the api-version the API wants, sends JSON,
 * parses answers (including the error envelope). The keys and RBAC tests specialise it.
 */
public class TestApi {
    public final TestClient client;
    public final String token;
    private final String apiVersion;

    public TestApi(TestClient client, String token, String apiVersion) {
        this.client = client;
        this.token = token;
        this.apiVersion = apiVersion;
    }

    /** A status, the body parsed (an empty object when there is none) and the body as text. */
    public record Answer(int status, JsonNode json, String body) {
        public String code() {
            return json.path("error").path("code").asString("");
        }

        public String message() {
            return json.path("error").path("message").asString("");
        }
    }

    /** {@code method path} with the api-version added. */
    public Answer call(String method, String path, String body) throws Exception {
        return raw(method, path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion, body);
    }

    /** {@code method pathAndQuery} as given. */
    public Answer raw(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder b = client.request(pathAndQuery, token);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> res = client.send(b);
        JsonNode json = res.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(res.body());
        return new Answer(res.statusCode(), json, res.body());
    }

    public Answer get(String path) throws Exception {
        return call("GET", path, null);
    }

    public Answer post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    public Answer put(String path, String body) throws Exception {
        return call("PUT", path, body);
    }

    public Answer delete(String path) throws Exception {
        return call("DELETE", path, null);
    }
}
