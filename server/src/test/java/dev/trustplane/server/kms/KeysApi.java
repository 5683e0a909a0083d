package dev.trustplane.server.kms;

import dev.trustplane.server.TestClient;
import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** A raw HTTPS client of the keys API for tests: adds api-version, sends JSON, parses answers. */
final class KeysApi {
    static final String VERSION = "2025-07-01";
    final TestClient client;
    final String token;

    KeysApi(TestClient client, String token) {
        this.client = client;
        this.token = token;
    }

    record Answer(int status, JsonNode json, String body) {
        String code() {
            return json.path("error").path("code").asString("");
        }
    }

    Answer call(String method, String path, String body) throws Exception {
        String sep = path.contains("?") ? "&" : "?";
        return raw(method, path + sep + "api-version=" + VERSION, body);
    }

    Answer raw(String method, String pathAndQuery, String body) throws Exception {
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

    Answer get(String path) throws Exception {
        return call("GET", path, null);
    }

    Answer post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unb64(JsonNode node) {
        return Base64.getUrlDecoder().decode(node.asString());
    }
}
