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

/** {@code /{scope}/providers/Microsoft.Authorization/roleAssignments} over HTTPS: shapes, scopes, filters, conflicts, bad input. */
class RoleAssignmentsHttpTest {
    static final String CRYPTO_USER = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/"
            + "21dbd100-6940-42c2-9190-5d6cb909625b";
    static final String AUDITOR = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/"
            + "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";

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

    static String principal() throws Exception {
        return RbacApi.issue(client, admin.token, "Ledger Reader", "/")[0];
    }

    @Test
    void create_get_delete_at_each_scope_with_managed_hsm_ids() throws Exception {
        String principal = principal();
        for (String scope : List.of("", "/keys", "/keys/db-key")) {
            String name = UUID.randomUUID().toString();
            var created = admin.assign(scope, name, CRYPTO_USER, principal);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode json = created.json();
            assertThat(json.get("id").asString()).isEqualTo(scope + "/providers/Microsoft.Authorization/roleAssignments/" + name);
            assertThat(json.get("name").asString()).isEqualTo(name);
            assertThat(json.get("type").asString()).isEqualTo("Microsoft.Authorization/roleAssignments");
            assertThat(json.get("properties").get("scope").asString()).isEqualTo(scope.isEmpty() ? "/" : scope);
            assertThat(json.get("properties").get("roleDefinitionId").asString()).isEqualTo(CRYPTO_USER);
            assertThat(json.get("properties").get("principalId").asString()).isEqualTo(principal);

            var fetched = admin.get(scope + P + "roleAssignments/" + name);
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.json()).isEqualTo(json);
            var deleted = admin.delete(scope + P + "roleAssignments/" + name);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json()).isEqualTo(json);
            var gone = admin.get(scope + P + "roleAssignments/" + name);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.code()).isEqualTo("RoleAssignmentNotFound");
            assertThat(admin.delete(scope + P + "roleAssignments/" + name).status()).isEqualTo(404);
        }
    }

    @Test
    void an_assignment_is_found_only_at_its_own_scope() throws Exception {
        String name = UUID.randomUUID().toString();
        assertThat(admin.assign("/keys", name, CRYPTO_USER, principal()).status()).isEqualTo(201);
        assertThat(admin.get(P + "roleAssignments/" + name).status()).isEqualTo(404);
        assertThat(admin.delete("/keys/other" + P + "roleAssignments/" + name).status()).isEqualTo(404);
        assertThat(admin.get("/keys" + P + "roleAssignments/" + name).status()).isEqualTo(200);
    }

    @Test
    void role_definition_ids_are_accepted_in_the_forms_clients_send() throws Exception {
        String principal = principal();
        String guid = "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
        List<String> forms = List.of("/" + AUDITOR, "/keys/providers/Microsoft.Authorization/roleDefinitions/" + guid,
                "/providers/Microsoft.Authorization/roleDefinitions/" + guid.toUpperCase(), guid);
        for (int i = 0; i < forms.size(); i++) {
            String scope = "/keys/form" + i;
            var created = admin.assign(scope, UUID.randomUUID().toString(), forms.get(i), principal);
            assertThat(created.status()).as(forms.get(i)).isEqualTo(201);
            assertThat(created.json().get("properties").get("roleDefinitionId").asString()).isEqualTo(AUDITOR);
        }
    }

    @Test
    void duplicates_conflict_and_repeats_are_harmless() throws Exception {
        String principal = principal();
        String name = UUID.randomUUID().toString();
        assertThat(admin.assign("/keys", name, CRYPTO_USER, principal).status()).isEqualTo(201);
        assertThat(admin.assign("/keys", name.toUpperCase(), CRYPTO_USER, principal).status()).isEqualTo(201);

        var duplicate = admin.assign("/keys", UUID.randomUUID().toString(), CRYPTO_USER, principal);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("RoleAssignmentExists");
        assertThat(duplicate.message()).contains(name);

        var changed = admin.assign("/keys", name, AUDITOR, principal);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.code()).isEqualTo("RoleAssignmentUpdateNotPermitted");
        assertThat(admin.get("/keys" + P + "roleAssignments/" + name).json().get("properties").get("roleDefinitionId")
                .asString()).isEqualTo(CRYPTO_USER);
        // The same role for the same principal at another scope is a different assignment.
        assertThat(admin.assign("", UUID.randomUUID().toString(), CRYPTO_USER, principal).status()).isEqualTo(201);
    }

    @Test
    void concurrent_duplicates_leave_exactly_one_assignment() throws Exception {
        String principal = principal();
        List<java.util.concurrent.Future<RbacApi.Answer>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> admin.assign("/keys/race", UUID.randomUUID().toString(), CRYPTO_USER, principal)));
            }
        }
        int created = 0;
        for (var answer : answers) {
            RbacApi.Answer a = answer.get();
            if (a.status() == 201) {
                created++;
            } else {
                assertThat(a.status()).as(a.body()).isEqualTo(409);
                assertThat(a.code()).isEqualTo("RoleAssignmentExists");
            }
        }
        assertThat(created).isEqualTo(1);
        assertThat(names(admin.get("/keys/race" + P + "roleAssignments?$filter=principalId%20eq%20'" + principal + "'")))
                .hasSize(1);
    }

    @Test
    void listing_at_scope_and_above_or_by_principal() throws Exception {
        String alice = principal();
        String bob = principal();
        String global = UUID.randomUUID().toString();
        String keys = UUID.randomUUID().toString();
        String oneKey = UUID.randomUUID().toString();
        String bobs = UUID.randomUUID().toString();
        assertThat(admin.assign("", global, AUDITOR, alice).status()).isEqualTo(201);
        assertThat(admin.assign("/keys", keys, CRYPTO_USER, alice).status()).isEqualTo(201);
        assertThat(admin.assign("/keys/list-key", oneKey, CRYPTO_USER, alice).status()).isEqualTo(201);
        assertThat(admin.assign("/keys/list-key", bobs, AUDITOR, bob).status()).isEqualTo(201);

        // "/" and "/keys" are both the top level: listed together, key-level assignments only at their key.
        assertThat(names(admin.get(P + "roleAssignments"))).contains(global, keys).doesNotContain(oneKey, bobs);
        assertThat(names(admin.get(P + "roleAssignments?$filter=atScope()"))).contains(global, keys).doesNotContain(oneKey);
        assertThat(names(admin.get("/keys" + P + "roleAssignments"))).contains(global, keys).doesNotContain(oneKey);
        assertThat(names(admin.get("/keys/list-key" + P + "roleAssignments?$filter=atScope()")))
                .contains(global, keys, oneKey, bobs);
        assertThat(names(admin.get(P + "roleAssignments?$filter=principalId%20eq%20'" + alice + "'")))
                .containsExactlyInAnyOrder(global, keys, oneKey);
        assertThat(names(admin.get("/keys/other" + P + "roleAssignments?$filter=principalId%20eq%20'" + alice + "'")))
                .containsExactlyInAnyOrder(global, keys);
        var bad = admin.get(P + "roleAssignments?$filter=principalId%20eq%20" + alice);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.message()).contains("$filter");
    }

    @Test
    void bad_assignments_are_refused_naming_the_problem() throws Exception {
        String principal = principal();
        String name = UUID.randomUUID().toString();
        String path = "/keys" + P + "roleAssignments/" + name;
        var unknownRole = admin.assign("/keys", name, RoleDefinition.ID_PREFIX + UUID.randomUUID(), principal);
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.code()).isEqualTo("RoleDefinitionDoesNotExist");
        var unknownPrincipal = admin.assign("/keys", name, CRYPTO_USER, "00000000deadbeef");
        assertThat(unknownPrincipal.status()).isEqualTo(400);
        assertThat(unknownPrincipal.code()).isEqualTo("PrincipalNotFound");
        bad(admin.assign("/keys", name, CRYPTO_USER, "user@example.com"), "principalId");
        bad(admin.assign("/keys", name, "Managed HSM Crypto User", principal), "roleDefinitionId");
        bad(admin.assign("/keys", "my-assignment", CRYPTO_USER, principal), "not a GUID");
        bad(admin.assign("/vaults", name, CRYPTO_USER, principal), "scope");
        bad(admin.assign("/keys/bad_name", name, CRYPTO_USER, principal), "scope");
        bad(admin.assign("/keys/a/b", name, CRYPTO_USER, principal), "scope");
        bad(admin.put(path, "{\"properties\":{\"principalId\":\"" + principal + "\"}}"), "roleDefinitionId is required");
        bad(admin.put(path, "{\"properties\":{\"roleDefinitionId\":\"" + CRYPTO_USER + "\"}}"), "principalId is required");
        bad(admin.put(path, "{\"properties\":{\"roleDefinitionId\":\"" + CRYPTO_USER + "\",\"principalId\":\"" + principal
                + "\",\"scope\":\"/\"}}"), "properties.scope");
        bad(admin.put(path, "{\"properties\":{\"roleDefinitionId\":[],\"principalId\":\"" + principal + "\"}}"),
                "must be a string");
        bad(admin.put(path, "{\"roleDefinitionId\":\"" + CRYPTO_USER + "\"}"), "roleDefinitionId");
        var notJson = admin.put(path, "{\"properties\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(admin.get(path).status()).isEqualTo(404);
        assertThat(admin.call("PATCH", path, "{}").status()).isEqualTo(405);
    }

    @Test
    void managing_assignments_needs_the_role_management_data_actions_on_the_scope() throws Exception {
        String principal = principal();
        var cryptoUser = new RbacApi(client, RbacApi.issue(client, admin.token, "Managed HSM Crypto User", "/")[1]);
        assertThat(cryptoUser.get(P + "roleAssignments").status()).isEqualTo(200);
        var refused = cryptoUser.assign("", UUID.randomUUID().toString(), CRYPTO_USER, principal);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("roleAssignments/write/action");

        var officer = new RbacApi(client, RbacApi.issue(client, admin.token, "Managed HSM Policy Administrator", "/keys/k1")[1]);
        String name = UUID.randomUUID().toString();
        assertThat(officer.assign("/keys/k1", name, CRYPTO_USER, principal).status()).isEqualTo(201);
        assertThat(officer.assign("/keys/k2", UUID.randomUUID().toString(), CRYPTO_USER, principal).status()).isEqualTo(403);
        assertThat(officer.get(P + "roleAssignments").status()).isEqualTo(403);
        assertThat(officer.delete("/keys/k1" + P + "roleAssignments/" + name).status()).isEqualTo(200);

        var ledger = new RbacApi(client, RbacApi.issue(client, admin.token, "Ledger Writer", "/")[1]);
        assertThat(ledger.get("/keys" + P + "roleAssignments").status()).isEqualTo(403);
        assertThat(new RbacApi(client, null).get(P + "roleAssignments").status()).isEqualTo(401);
    }

    static List<String> names(RbacApi.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        answer.json().get("value").forEach(a -> out.add(a.get("name").asString()));
        return out;
    }

    static void bad(RbacApi.Answer answer, String mentions) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("BadParameter");
        assertThat(answer.message()).contains(mentions);
    }
}
