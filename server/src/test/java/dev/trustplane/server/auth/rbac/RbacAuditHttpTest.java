package dev.trustplane.server.auth.rbac;

import static dev.trustplane.server.auth.rbac.RbacApi.P;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.LedgerRecords;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.auth.Roles;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Over HTTPS: every role assignment and role definition change, done or refused, is on the ledger with its caller. */
class RbacAuditHttpTest {
    static final String CRYPTO_USER_GUID = "21dbd100-6940-42c2-9190-5d6cb909625b";
    static final String SIGN = "Microsoft.KeyVault/managedHsm/keys/sign/action";

    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static TestClient client;
    static RbacApi admin;
    static String adminId;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        client = new TestClient(server.caCertificate(), server.port());
        String token = AdminToken.read(dataDir.resolve("admin.token"));
        admin = new RbacApi(client, token);
        adminId = token.split("\\.")[1];
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void assignments_made_refused_and_removed_are_recorded_with_who_what_and_where() throws Exception {
        String principal = RbacApi.issue(client, admin.token, Roles.LEDGER_READER, "/")[0];
        String name = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        assertThat(admin.assign("/keys/k1", name, RoleDefinition.ID_PREFIX + CRYPTO_USER_GUID, principal).status()).isEqualTo(201);
        assertThat(admin.assign("/keys/k1", other, RoleDefinition.ID_PREFIX + CRYPTO_USER_GUID, principal).status())
                .isEqualTo(409);
        assertThat(admin.delete("/keys/k1" + P + "roleAssignments/" + name).status()).isEqualTo(200);

        List<JsonNode> records = LedgerRecords.ofType(admin, "rbac.assignment.").stream()
                .filter(r -> List.of(name, other).contains(r.path("assignmentName").asString())).toList();
        assertThat(records).extracting(r -> r.path("type").asString())
                .containsExactly("rbac.assignment.create", "rbac.assignment.create", "rbac.assignment.delete");
        JsonNode created = records.get(0);
        assertThat(created.path("scope").asString()).isEqualTo("/keys/k1");
        assertThat(created.path("roleDefinition").asString()).isEqualTo(CRYPTO_USER_GUID);
        assertThat(created.path("principalId").asString()).isEqualTo(principal);
        assertThat(created.path("outcome").asString()).isEqualTo("succeeded");
        assertThat(records.get(1).path("outcome").asString()).isEqualTo("RoleAssignmentExists");
        assertThat(records.get(1).path("assignmentName").asString()).isEqualTo(other);
        assertThat(records.get(2).path("principalId").asString()).isEqualTo(principal);
        assertThat(records).allSatisfy(r -> assertThat(r.path("caller").asString()).isEqualTo(adminId));
    }

    @Test
    void definitions_created_updated_and_deleted_are_recorded_with_their_permissions() throws Exception {
        String name = UUID.randomUUID().toString();
        String body = RoleDefinitionsHttpTest.custom("Audited signer " + name, "[\"" + SIGN + "\"]", "[]");
        assertThat(admin.put(P + "roleDefinitions/" + name, body).status()).isEqualTo(201);
        assertThat(admin.put(P + "roleDefinitions/" + name, body).status()).isEqualTo(201);
        assertThat(admin.delete(P + "roleDefinitions/" + name).status()).isEqualTo(200);
        assertThat(admin.delete(P + "roleDefinitions/" + name).status()).isEqualTo(404);

        List<JsonNode> records = LedgerRecords.ofType(admin, "rbac.definition.").stream()
                .filter(r -> r.path("definitionName").asString().equals(name)).toList();
        assertThat(records).extracting(r -> r.path("type").asString()).containsExactly("rbac.definition.create",
                "rbac.definition.update", "rbac.definition.delete", "rbac.definition.delete");
        assertThat(records.get(0).path("roleName").asString()).isEqualTo("Audited signer " + name);
        assertThat(records.get(0).path("permissions").get(0).path("dataActions").get(0).asString()).isEqualTo(SIGN);
        assertThat(records.get(0).path("assignableScopes").toString()).isEqualTo("[\"/\"]");
        assertThat(records.get(3).path("outcome").asString()).isEqualTo("RoleDefinitionNotFound");
        assertThat(records).allSatisfy(r -> assertThat(r.path("caller").asString()).isEqualTo(adminId));
    }

    @Test
    void a_role_change_the_caller_may_not_make_is_refused_on_the_ledger() throws Exception {
        String[] user = RbacApi.issue(client, admin.token, Roles.MHSM_CRYPTO_USER, "/");
        var asUser = new RbacApi(client, user[1]);
        String name = UUID.randomUUID().toString();
        assertThat(asUser.assign("", name, RoleDefinition.ID_PREFIX + CRYPTO_USER_GUID, user[0]).status()).isEqualTo(403);

        assertThat(LedgerRecords.ofType(admin, "access.refused")).anySatisfy(r -> {
            assertThat(r.path("caller").asString()).isEqualTo(user[0]);
            assertThat(r.path("callerRole").asString()).isEqualTo(Roles.MHSM_CRYPTO_USER);
            assertThat(r.path("action").asString()).isEqualTo("Microsoft.KeyVault/managedHsm/roleAssignments/write/action");
            assertThat(r.path("resource").asString()).isEqualTo("/");
            assertThat(r.path("keyName").isNull()).isTrue();
        });
        assertThat(LedgerRecords.ofType(admin, "rbac.assignment.")).noneSatisfy(
                r -> assertThat(r.path("assignmentName").asString()).isEqualTo(name));
    }

    @Test
    void assignment_lists_are_paged_with_top_and_a_next_link_that_keeps_the_filter() throws Exception {
        String principal = RbacApi.issue(client, admin.token, Roles.LEDGER_READER, "/")[0];
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = UUID.randomUUID().toString();
            assertThat(admin.assign("/keys/paged-" + i, name, RoleDefinition.ID_PREFIX + CRYPTO_USER_GUID, principal).status())
                    .isEqualTo(201);
            made.add(name);
        }
        List<String> seen = new java.util.ArrayList<>();
        String filter = java.net.URLEncoder.encode("principalId eq '" + principal + "'", java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        var page = admin.get(P + "roleAssignments?$filter=" + filter + "&$top=2");
        int pages = 0;
        while (true) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            pages++;
            assertThat(page.json().get("value").size()).isLessThanOrEqualTo(2);
            page.json().get("value").forEach(a -> seen.add(a.get("name").asString()));
            if (page.json().path("nextLink").isNull()) {
                break;
            }
            String next = page.json().get("nextLink").asString();
            assertThat(next).startsWith("https://").contains("$top=2").contains("api-version=" + RbacApi.VERSION)
                    .contains("$filter=principalId%20eq%20%27" + principal);
            page = admin.raw("GET", next.substring(next.indexOf('/', "https://".length())), null);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(made).doesNotHaveDuplicates();

        RoleAssignmentsHttpTest.bad(admin.get(P + "roleAssignments?$top=0"), "$top");
        RoleAssignmentsHttpTest.bad(admin.get(P + "roleAssignments?$top=26"), "$top");
        RoleAssignmentsHttpTest.bad(admin.get(P + "roleAssignments?$skiptoken=%25%25"), "$skiptoken");
    }
}
