package dev.trustplane.server.auth.rbac;

import static dev.trustplane.server.auth.rbac.RbacApi.P;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /{scope}/providers/Microsoft.Authorization/roleDefinitions} over HTTPS: shapes, filters, custom roles, bad input. */
class RoleDefinitionsHttpTest {
    static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    static final String SIGN = "Microsoft.KeyVault/managedHsm/keys/sign/action";
    static final String READ = "Microsoft.KeyVault/managedHsm/keys/read/action";

    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static TestClient client;
    static RbacApi admin;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        client = new TestClient(server.caCertificate(), server.port());
        admin = new RbacApi(client, AdminToken.read(dataDir.resolve("admin.token")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String custom(String roleName, String dataActions, String notDataActions) {
        return "{\"properties\":{\"roleName\":\"" + roleName + "\",\"description\":\"test role\",\"type\":\"CustomRole\","
                + "\"permissions\":[{\"dataActions\":" + dataActions + ",\"notDataActions\":" + notDataActions + "}]}}";
    }

    @Test
    void lists_the_nine_built_in_roles_with_managed_hsm_ids_and_shapes() throws Exception {
        var list = admin.get(P + "roleDefinitions");
        assertThat(list.status()).isEqualTo(200);
        List<String> builtIn = new ArrayList<>();
        for (JsonNode d : list.json().get("value")) {
            if (d.path("properties").path("type").asString().equals("AKVBuiltInRole")) {
                builtIn.add(d.get("properties").get("roleName").asString());
                assertThat(d.get("id").asString())
                        .isEqualTo("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + d.get("name").asString());
                assertThat(d.get("type").asString()).isEqualTo("Microsoft.Authorization/roleDefinitions");
                assertThat(d.get("properties").get("assignableScopes").toString()).isEqualTo("[\"/\"]");
            }
        }
        assertThat(builtIn).containsExactly("Managed HSM Administrator", "Managed HSM Crypto Officer",
                "Managed HSM Crypto User", "Managed HSM Policy Administrator", "Managed HSM Crypto Auditor",
                "Managed HSM Crypto Service Encryption User", "Managed HSM Crypto Service Release User",
                "Managed HSM Backup", "Managed HSM Restore");
        JsonNode user = admin.get(P + "roleDefinitions/" + CRYPTO_USER).json();
        assertThat(user.get("properties").get("roleName").asString()).isEqualTo("Managed HSM Crypto User");
        JsonNode permission = user.get("properties").get("permissions").get(0);
        assertThat(permission.get("actions").size()).isZero();
        assertThat(permission.get("dataActions").toString()).contains(SIGN, "keys/release/action")
                .doesNotContain("deletedKeys/recover");
    }

    @Test
    void filters_by_role_name_and_at_any_hsm_wide_scope() throws Exception {
        var one = admin.get("/keys" + P + "roleDefinitions?$filter=roleName%20eq%20'Managed%20HSM%20Backup'");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("value").size()).isEqualTo(1);
        assertThat(one.json().get("value").get(0).get("name").asString()).isEqualTo("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8");
        assertThat(admin.get(P + "roleDefinitions?$filter=atScopeAndBelow()").json().get("value").size()).isGreaterThanOrEqualTo(9);
        var bad = admin.get(P + "roleDefinitions?$filter=roleName%20ne%20'x'");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("BadParameter");
        assertThat(bad.message()).contains("$filter");
    }

    @Test
    void custom_role_lifecycle() throws Exception {
        String name = UUID.randomUUID().toString();
        var created = admin.put(P + "roleDefinitions/" + name, custom("Signer " + name, "[\"" + SIGN + "\"]", "[]"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asString()).endsWith("/roleDefinitions/" + name);
        assertThat(created.json().get("properties").get("type").asString()).isEqualTo("CustomRole");
        assertThat(created.json().get("properties").get("permissions").get(0).get("dataActions").toString())
                .isEqualTo("[\"" + SIGN + "\"]");
        assertThat(admin.get(P + "roleDefinitions/" + name.toUpperCase()).json().get("properties").get("roleName").asString())
                .isEqualTo("Signer " + name);

        var updated = admin.put(P + "roleDefinitions/" + name,
                custom("Reader " + name, "[\"" + READ + "\",\"" + SIGN + "\"]", "[\"" + SIGN + "\"]"));
        assertThat(updated.status()).isEqualTo(201);
        var fetched = admin.get(P + "roleDefinitions?$filter=roleName%20eq%20'Reader%20" + name + "'").json().get("value");
        assertThat(fetched.size()).isEqualTo(1);
        assertThat(fetched.get(0).get("properties").get("permissions").get(0).get("notDataActions").toString())
                .isEqualTo("[\"" + SIGN + "\"]");

        var deleted = admin.delete(P + "roleDefinitions/" + name);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("name").asString()).isEqualTo(name);
        var gone = admin.get(P + "roleDefinitions/" + name);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo("RoleDefinitionNotFound");
        assertThat(admin.delete(P + "roleDefinitions/" + name).status()).isEqualTo(404);
    }

    @Test
    void role_names_are_unique_ignoring_case_including_built_ins() throws Exception {
        String first = UUID.randomUUID().toString();
        assertThat(admin.put(P + "roleDefinitions/" + first, custom("Unique " + first, "[]", "[]")).status()).isEqualTo(201);
        var clash = admin.put(P + "roleDefinitions/" + UUID.randomUUID(), custom("UNIQUE " + first, "[]", "[]"));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.code()).isEqualTo("RoleDefinitionWithSameNameExists");
        var builtIn = admin.put(P + "roleDefinitions/" + UUID.randomUUID(), custom("managed hsm crypto user", "[]", "[]"));
        assertThat(builtIn.status()).isEqualTo(409);
    }

    @Test
    void built_in_roles_are_read_only() throws Exception {
        var put = admin.put(P + "roleDefinitions/" + CRYPTO_USER, custom("Mine", "[]", "[]"));
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.message()).contains("built in");
        var delete = admin.delete(P + "roleDefinitions/" + CRYPTO_USER);
        assertThat(delete.status()).isEqualTo(400);
        assertThat(admin.get(P + "roleDefinitions/" + CRYPTO_USER).status()).isEqualTo(200);
    }

    @Test
    void bad_definitions_are_refused_naming_the_field() throws Exception {
        String path = P + "roleDefinitions/" + UUID.randomUUID();
        assertBad(admin.put(path, custom("x1", "[\"Microsoft.KeyVault/managedHsm/keys/sing/action\"]", "[]")),
                "permissions[0].dataActions");
        assertBad(admin.put(path, custom("x2", "[]", "[\"Trustplane/tokens/write\"]")), "notDataActions");
        assertBad(admin.put(path, custom("x3", "[\"*\"]", "[]")), "dataActions");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":\"x4\",\"permissions\":[{\"actions\":[\"a\"]}]}}"),
                "'actions'");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":\"x5\",\"type\":\"AKVBuiltInRole\"}}"), "properties.type");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":\"x6\",\"colour\":\"red\"}}"), "properties.colour");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":7}}"), "properties.roleName");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":\"x8\",\"permissions\":{}}}"), "properties.permissions");
        assertBad(admin.put(path, "{\"properties\":{\"roleName\":\"x9\",\"assignableScopes\":[\"/keys/k\"]}}"),
                "assignableScopes");
        assertBad(admin.put(path, "{\"roleName\":\"x10\"}"), "roleName");
        assertBad(admin.put(path, "[]"), "");
        assertBad(admin.put(P + "roleDefinitions/not-a-guid", custom("x11", "[]", "[]")), "not a GUID");
        assertBad(admin.put("/keys/k" + P + "roleDefinitions/" + UUID.randomUUID(), custom("x12", "[]", "[]")), "scope");
        assertBad(admin.put("/secrets" + P + "roleDefinitions/" + UUID.randomUUID(), custom("x13", "[]", "[]")), "scope");
        assertThat(admin.get(P + "roleDefinitions?$filter=roleName%20eq%20'x1'").json().get("value").size()).isZero();
    }

    @Test
    void api_version_is_required_and_checked() throws Exception {
        var missing = admin.raw("GET", P + "roleDefinitions", null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.message()).contains("api-version");
        assertThat(admin.raw("GET", P + "roleDefinitions?api-version=7.1", null).status()).isEqualTo(400);
        for (String version : RbacRoutes.API_VERSIONS) {
            assertThat(admin.raw("GET", P + "roleDefinitions?api-version=" + version, null).status()).isEqualTo(200);
        }
        assertThat(admin.call("POST", P + "roleDefinitions", "{}").status()).isEqualTo(405);
    }

    @Test
    void sdk_style_paths_with_repeated_slashes_work() throws Exception {
        assertThat(admin.get("//" + P.substring(1) + "roleDefinitions/" + CRYPTO_USER).status()).isEqualTo(200);
        assertThat(admin.get("//keys" + P + "roleDefinitions").status()).isEqualTo(200);
        assertThat(admin.get("//" + P + "roleDefinitions/" + CRYPTO_USER).status()).isEqualTo(200);
        assertThat(admin.get("//" + P + "roleAssignments").status()).isEqualTo(200);
    }

    @Test
    void reading_needs_a_token_and_the_read_data_action() throws Exception {
        assertThat(new RbacApi(client, null).get(P + "roleDefinitions").status()).isEqualTo(401);
        String[] ledger = RbacApi.issue(client, admin.token, "Ledger Reader", "/");
        var refused = new RbacApi(client, ledger[1]).get(P + "roleDefinitions");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("roleDefinitions/read/action");
        String[] auditor = RbacApi.issue(client, admin.token, "Managed HSM Crypto Auditor", "/");
        var asAuditor = new RbacApi(client, auditor[1]);
        assertThat(asAuditor.get(P + "roleDefinitions").status()).isEqualTo(200);
        assertThat(asAuditor.put(P + "roleDefinitions/" + UUID.randomUUID(), custom("aud", "[]", "[]")).status()).isEqualTo(403);
    }

    static void assertBad(RbacApi.Answer answer, String mentions) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("BadParameter");
        assertThat(answer.message()).contains(mentions);
    }
}
