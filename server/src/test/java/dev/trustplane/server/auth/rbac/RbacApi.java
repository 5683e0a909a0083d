package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.TestApi;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.http.Json;
import tools.jackson.databind.JsonNode;

/** The RBAC API for tests: {@link TestApi} at Managed HSM's api-version, plus assignment and token helpers. */
final class RbacApi extends TestApi {
    static final String VERSION = "7.5";
    static final String P = "/providers/Microsoft.Authorization/";

    RbacApi(TestClient client, String token) {
        super(client, token, VERSION);
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
