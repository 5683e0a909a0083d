package dev.trustplane.server.auth.rbac;

import static dev.trustplane.server.auth.rbac.RbacApi.P;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role assignments decide what a token may do, on SQLite and PostgreSQL: a token without rights is refused,
 * an assignment makes the same token succeed within the assignment's scope only, not-data-actions subtract,
 * and deleting the assignment (or its custom role) takes the right away again. Assignments survive a restart.
 */
class AssignmentsGovernAccessTest {
    static final String CRYPTO_USER = RoleDefinition.ID_PREFIX + "21dbd100-6940-42c2-9190-5d6cb909625b";
    static final String POLICY_ADMINISTRATOR = RoleDefinition.ID_PREFIX + "4bd23610-cdcf-4971-bdee-bdc562cc28e4";
    static final String K = "Microsoft.KeyVault/managedHsm/keys/";

    @TempDir
    Path dataDir;

    @Test
    void on_sqlite() throws Exception {
        run(ServerConfig.forTests(dataDir));
    }

    @Test
    void on_postgresql() throws Exception {
        run(ServerConfig.forTests(dataDir).withStore(TestStores.parseableLocation(TestStores.freshPostgresUrl())));
    }

    void run(ServerConfig config) throws Exception {
        String[] token;
        String survivor = UUID.randomUUID().toString();
        try (var server = TrustplaneServer.start(config, List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            var admin = new RbacApi(client, AdminToken.read(dataDir.resolve("admin.token")));
            token = RbacApi.issue(client, admin.token, "Ledger Reader", "/");
            var caller = new RbacApi(client, token[1]);
            createKey(admin, "governed");
            createKey(admin, "other");

            // No rights: 403.
            assertThat(caller.get("/keys/governed").status()).isEqualTo(403);
            assertThat(sign(caller, "governed")).isEqualTo(403);

            // Crypto User on one key: that key works, the other does not, and the token's own role still works.
            String assignment = UUID.randomUUID().toString();
            assertThat(admin.assign("/keys/governed", assignment, CRYPTO_USER, token[0]).status()).isEqualTo(201);
            assertThat(caller.get("/keys/governed").status()).isEqualTo(200);
            assertThat(sign(caller, "governed")).isEqualTo(200);
            assertThat(caller.get("/keys/other").status()).isEqualTo(403);
            assertThat(caller.get("/keys").status()).isEqualTo(403);
            assertThat(client.get("/ledger/entries/0", token[1]).statusCode()).isNotIn(401, 403);

            // Deleting the assignment takes the rights away at once.
            assertThat(admin.delete("/keys/governed" + P + "roleAssignments/" + assignment).status()).isEqualTo(200);
            assertThat(caller.get("/keys/governed").status()).isEqualTo(403);
            assertThat(sign(caller, "governed")).isEqualTo(403);

            // A custom role at /keys: read and sign, minus sign.
            String role = UUID.randomUUID().toString();
            assertThat(admin.put(P + "roleDefinitions/" + role, "{\"properties\":{\"roleName\":\"Reader " + role + "\","
                    + "\"permissions\":[{\"dataActions\":[\"" + K + "read/action\",\"" + K + "sign/action\"],"
                    + "\"notDataActions\":[\"" + K + "sign/action\"]}]}}").status()).isEqualTo(201);
            String custom = UUID.randomUUID().toString();
            assertThat(admin.assign("/keys", custom, RoleDefinition.ID_PREFIX + role, token[0]).status()).isEqualTo(201);
            assertThat(caller.get("/keys/other").status()).isEqualTo(200);
            assertThat(caller.get("/keys").status()).isEqualTo(200);
            assertThat(sign(caller, "other")).isEqualTo(403);
            // Deleting the role leaves the assignment defunct: it grants nothing.
            assertThat(admin.delete(P + "roleDefinitions/" + role).status()).isEqualTo(200);
            assertThat(admin.get("/keys" + P + "roleAssignments/" + custom).status()).isEqualTo(200);
            assertThat(caller.get("/keys/other").status()).isEqualTo(403);

            // Role management through an assignment reaches Managed HSM actions only, never Trustplane's own.
            assertThat(admin.assign("", survivor, POLICY_ADMINISTRATOR, token[0]).status()).isEqualTo(201);
            assertThat(caller.assign("/keys", UUID.randomUUID().toString(), CRYPTO_USER, token[0]).status()).isEqualTo(201);
            assertThat(caller.get("/keys/other").status()).isEqualTo(200);
            assertThat(client.get("/admin/tokens", token[1]).statusCode()).isEqualTo(403);
            assertThat(client.post("/admin/tokens", token[1], "application/json",
                    "{\"role\":\"Administrator\",\"name\":\"escalate\"}").statusCode()).isEqualTo(403);
        }
        try (var server = TrustplaneServer.start(config, List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            var caller = new RbacApi(client, token[1]);
            assertThat(caller.get(P + "roleAssignments/" + survivor).status()).isEqualTo(200);
            assertThat(caller.get("/keys/other").status()).isEqualTo(200);
        }
    }

    static void createKey(RbacApi admin, String name) throws Exception {
        assertThat(admin.call("POST", "/keys/" + name + "/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").status())
                .isEqualTo(200);
    }

    static int sign(RbacApi as, String key) throws Exception {
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        return as.call("POST", "/keys/" + key + "/sign", "{\"alg\":\"ES256\",\"value\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"}").status();
    }
}
