package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.TestClient;
import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** A raw HTTPS client of the RBAC and keys APIs for tests: adds api-version, sends JSON, parses answers. */
final class RbacApi {
    static final String VERSION = "7.5";
    static final String P = "/providers/Microsoft.Authorization/";
    final TestClient client;
    final String token;

    RbacApi(TestClient client, String token) {
        this.client = client;
        this.token = token;
    }

    record Answer(int status, JsonNode json, String body) {
        String code() {
            return json.path("error").path("code").asString("");
        }

        String message() {
            return json.path("error").path("message").asString("");
        }
    }

    Answer call(String method, String path, String body) throws Exception {
        return raw(method, path + (path.contains("?") ? "&" : "?") + "api-version=" + VERSION, body);
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

    Answer put(String path, String body) throws Exception {
        return call("PUT", path, body);
    }

    Answer delete(String path) throws Exception {
        return call("DELETE", path, null);
    }

    /** PUT of a role assignment at {@code scope} ("" for the global scope). */
    Answer assign(String scope, String name, String roleDefinitionId, String principalId) throws Exception {
        return put(scope + P + "roleAssignments/" + name, "{\"properties\":{\"roleDefinitionId\":\"" + roleDefinitionId
                + "\",\"principalId\":\"" + principalId + "\"}}");
    }

    /** Issues a token through the admin API; returns {id, bearer}. */
    static String[] issue(TestClient client, String adminToken, String role, String scope) throws Exception {
        var res = client.post("/admin/tokens", adminToken, "application/json",
                "{\"role\":\"" + role + "\",\"scope\":\"" + scope + "\",\"name\":\"rbac test\"}");
        if (res.statusCode() != 201) {
            throw new AssertionError("token not issued: " + res.body());
        }
        JsonNode json = Json.MAPPER.readTree(res.body());
        return new String[] {json.get("id").asString(), json.get("token").asString()};
    }
}
