package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.LedgerRecords;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.auth.Roles;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTPS: key lifecycle calls land on the server's ledger with the calling token's id and role, and so does
 * every refusal — a role that does not permit the call (403) and a key that refuses the operation — while an
 * unauthenticated request (401) adds nothing.
 */
class KeysAuditHttpTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static TestClient client;
    static KeysApi api;
    static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        adminToken = AdminToken.read(dataDir.resolve("admin.token"));
        client = new TestClient(server.caCertificate(), server.port());
        api = new KeysApi(client, adminToken);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void create_sign_delete_and_a_refused_purge_are_on_the_ledger_with_the_caller() throws Exception {
        String version = api.post("/keys/audited/create", "{\"kty\":\"RSA\",\"key_size\":2048}").json()
                .path("key").path("kid").asString().replaceAll(".*/", "");
        assertThat(api.post("/keys/audited/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(new byte[32]) + "\"}").status())
                .isEqualTo(200);
        assertThat(api.call("DELETE", "/keys/audited", null).status()).isEqualTo(200);
        assertThat(api.call("DELETE", "/deletedkeys/never-existed", null).status()).isEqualTo(404);

        List<JsonNode> keyRecords = LedgerRecords.ofType(api, "key.").stream()
                .filter(r -> List.of("audited", "never-existed").contains(r.path("keyName").asString())).toList();
        assertThat(keyRecords).extracting(r -> r.path("type").asString())
                .containsExactly("key.create", "key.sign", "key.delete", "key.purge");
        String tokenId = adminToken.split("\\.")[1];
        assertThat(keyRecords).allSatisfy(r -> {
            assertThat(r.path("caller").asString()).isEqualTo(tokenId);
            assertThat(r.path("callerRole").asString()).isNotBlank();
        });
        assertThat(keyRecords.get(0).path("keyVersion").asString()).isEqualTo(version);
        assertThat(keyRecords.get(0).path("outcome").asString()).isEqualTo("succeeded");
        assertThat(keyRecords.get(1).path("keyVersion").asString()).isEqualTo(version);
        assertThat(keyRecords.get(1).path("alg").asString()).isEqualTo("RS256");
        assertThat(keyRecords.get(3).path("keyName").asString()).isEqualTo("never-existed");
        assertThat(keyRecords.get(3).path("outcome").asString()).isEqualTo("KeyNotFound");
    }

    @Test
    void a_role_that_does_not_permit_the_call_is_refused_on_the_ledger_with_principal_action_and_key() throws Exception {
        assertThat(api.post("/keys/guarded/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").status()).isEqualTo(200);
        String[] officer = issue(Roles.MHSM_CRYPTO_OFFICER);
        String[] user = issue(Roles.MHSM_CRYPTO_USER);
        var asOfficer = new KeysApi(client, officer[1]);
        var asUser = new KeysApi(client, user[1]);

        var sign = asOfficer.post("/keys/guarded/sign", "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(new byte[32]) + "\"}");
        assertThat(sign.status()).as("a Crypto Officer cannot use key material").isEqualTo(403);
        assertThat(asUser.call("DELETE", "/deletedkeys/guarded", null).status()).as("a Crypto User cannot purge")
                .isEqualTo(403);
        assertThat(asUser.get("/keys/guarded").status()).isEqualTo(200);

        List<JsonNode> refusals = LedgerRecords.ofType(api, "access.refused").stream()
                .filter(r -> r.path("keyName").asString().equals("guarded")).toList();
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0).path("caller").asString()).isEqualTo(officer[0]);
        assertThat(refusals.get(0).path("callerRole").asString()).isEqualTo(Roles.MHSM_CRYPTO_OFFICER);
        assertThat(refusals.get(0).path("action").asString()).isEqualTo("Microsoft.KeyVault/managedHsm/keys/sign/action");
        assertThat(refusals.get(0).path("resource").asString()).isEqualTo("/keys/guarded");
        assertThat(refusals.get(0).path("outcome").asString()).isEqualTo("Forbidden");
        assertThat(refusals.get(1).path("caller").asString()).isEqualTo(user[0]);
        assertThat(refusals.get(1).path("action").asString())
                .isEqualTo("Microsoft.KeyVault/managedHsm/keys/deletedKeys/delete");
        assertThat(refusals).allSatisfy(r -> assertThat(r.toString()).doesNotContain(officer[1]).doesNotContain(user[1]));
    }

    @Test
    void an_operation_the_key_refuses_is_on_the_ledger_and_an_unauthenticated_call_is_not() throws Exception {
        assertThat(api.post("/keys/disabled/create", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"attributes\":{\"enabled\":false}}")
                .status()).isEqualTo(200);
        var refused = api.post("/keys/disabled/sign", "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(new byte[32]) + "\"}");
        assertThat(refused.status()).isEqualTo(403);

        long before = LedgerRecords.all(api).size();
        var anonymous = new KeysApi(client, null);
        assertThat(anonymous.call("DELETE", "/keys/disabled", null).status()).isEqualTo(401);
        assertThat(LedgerRecords.all(api)).as("a 401 names no principal and is not recorded").hasSize((int) before);

        assertThat(LedgerRecords.ofType(api, "key.sign").stream().filter(r -> r.path("keyName").asString().equals("disabled")))
                .singleElement().satisfies(r -> {
            assertThat(r.path("keyName").asString()).isEqualTo("disabled");
            assertThat(r.path("outcome").asString()).isEqualTo("Forbidden");
            assertThat(r.path("caller").asString()).isEqualTo(adminToken.split("\\.")[1]);
        });
    }

    private static String[] issue(String role) throws Exception {
        var res = client.post("/admin/tokens", adminToken, "application/json",
                "{\"role\":\"" + role + "\",\"scope\":\"/\",\"name\":\"audit test\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode json = Json.MAPPER.readTree(res.body());
        return new String[] {json.get("id").asString(), json.get("token").asString()};
    }
}
