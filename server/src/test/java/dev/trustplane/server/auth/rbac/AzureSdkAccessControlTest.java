package dev.trustplane.server.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.administration.models.KeyVaultDataAction;
import com.azure.security.keyvault.administration.models.KeyVaultPermission;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultRoleType;
import com.azure.security.keyvault.administration.models.SetRoleDefinitionOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The official {@code azure-security-keyvault-administration} SDK ({@code KeyVaultAccessControlClient}, JDK
 * HttpClient transport, challenge auth, our CA) against a running server, and the keys SDK proving that the
 * assignments it makes govern access.
 */
class AzureSdkAccessControlTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static TestClient client;
    static String vaultUrl;
    static String adminToken;
    static HttpClient http;
    static KeyVaultAccessControlClient accessControl;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        client = new TestClient(server.caCertificate(), server.port());
        vaultUrl = "https://127.0.0.1:" + server.port();
        adminToken = AdminToken.read(dataDir.resolve("admin.token"));
        http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestClient.trusting(server.caCertificate()))).build();
        accessControl = new KeyVaultAccessControlClientBuilder().vaultUrl(vaultUrl).credential(credential(adminToken))
                .disableChallengeResourceVerification().httpClient(http).buildClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TokenCredential credential(String token) {
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    static KeyClient keys(String token) {
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential(token)).disableChallengeResourceVerification()
                .httpClient(http).buildClient();
    }

    @Test
    void lists_and_gets_built_in_role_definitions() {
        List<KeyVaultRoleDefinition> all = accessControl.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().toList();
        KeyVaultRoleDefinition user = all.stream().filter(d -> d.getRoleName().equals("Managed HSM Crypto User"))
                .findFirst().orElseThrow();
        assertThat(user.getRoleType()).isEqualTo(KeyVaultRoleType.BUILT_IN_ROLE);
        assertThat(user.getName()).isEqualTo("21dbd100-6940-42c2-9190-5d6cb909625b");
        assertThat(user.getPermissions().get(0).getDataActions()).contains(KeyVaultDataAction.SIGN_HSM_KEY,
                KeyVaultDataAction.RELEASE_KEY);
        assertThat(user.getAssignableScopes()).containsExactly(KeyVaultRoleScope.GLOBAL);
        assertThat(all.stream().filter(d -> d.getRoleType() == KeyVaultRoleType.BUILT_IN_ROLE)).hasSize(9);
        KeyVaultRoleDefinition fetched = accessControl.getRoleDefinition(KeyVaultRoleScope.GLOBAL, user.getName());
        assertThat(fetched.getId()).isEqualTo(user.getId());
        assertThat(accessControl.listRoleDefinitions(KeyVaultRoleScope.KEYS).stream()).hasSize(all.size());
    }

    @Test
    void custom_role_definitions_round_trip() {
        String name = UUID.randomUUID().toString();
        KeyVaultRoleDefinition created = accessControl.setRoleDefinitionWithResponse(
                new SetRoleDefinitionOptions(KeyVaultRoleScope.GLOBAL, name).setRoleName("SDK signer " + name)
                        .setDescription("signs with keys")
                        .setPermissions(List.of(new KeyVaultPermission(null, null,
                                List.of(KeyVaultDataAction.READ_HSM_KEY, KeyVaultDataAction.SIGN_HSM_KEY),
                                List.of(KeyVaultDataAction.SIGN_HSM_KEY)))), com.azure.core.util.Context.NONE).getValue();
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getRoleType()).isEqualTo(KeyVaultRoleType.CUSTOM_ROLE);
        assertThat(created.getPermissions().get(0).getNotDataActions()).containsExactly(KeyVaultDataAction.SIGN_HSM_KEY);
        KeyVaultRoleDefinition fetched = accessControl.getRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
        assertThat(fetched.getDescription()).isEqualTo("signs with keys");
        // SDK 4.6.4 sends the definition's GUID as roleName (it ignores setRoleName); the server stores what it gets.
        assertThat(fetched.getRoleName()).isEqualTo(name);
        assertThat(fetched.getPermissions().get(0).getDataActions())
                .containsExactly(KeyVaultDataAction.READ_HSM_KEY, KeyVaultDataAction.SIGN_HSM_KEY);
        assertThat(accessControl.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleDefinition::getName))
                .contains(name);
        accessControl.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
        assertThatThrownBy(() -> accessControl.getRoleDefinition(KeyVaultRoleScope.GLOBAL, name))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
    }

    @Test
    void an_assignment_made_with_the_sdk_governs_the_keys_sdk() {
        keys(adminToken).createEcKey(new CreateEcKeyOptions("sdk-governed").setCurveName(KeyCurveName.P_256));
        String[] token = issue("Ledger Reader");
        KeyClient caller = keys(token[1]);
        assertThatThrownBy(() -> caller.getKey("sdk-governed"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));

        KeyVaultRoleDefinition cryptoUser = accessControl.getRoleDefinition(KeyVaultRoleScope.GLOBAL,
                "21dbd100-6940-42c2-9190-5d6cb909625b");
        KeyVaultRoleScope scope = KeyVaultRoleScope.fromString("/keys/sdk-governed");
        KeyVaultRoleAssignment assignment = accessControl.createRoleAssignment(scope, cryptoUser.getId(), token[0]);
        assertThat(assignment.getProperties().getScope()).isEqualTo(scope);
        assertThat(assignment.getProperties().getPrincipalId()).isEqualTo(token[0]);
        assertThat(assignment.getProperties().getRoleDefinitionId()).isEqualTo(cryptoUser.getId());
        assertThat(accessControl.getRoleAssignment(scope, assignment.getName()).getId()).isEqualTo(assignment.getId());
        assertThat(accessControl.listRoleAssignments(scope).stream().map(KeyVaultRoleAssignment::getName))
                .contains(assignment.getName());

        assertThat(caller.getKey("sdk-governed").getName()).isEqualTo("sdk-governed");

        accessControl.deleteRoleAssignment(scope, assignment.getName());
        assertThatThrownBy(() -> accessControl.getRoleAssignment(scope, assignment.getName()))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> caller.getKey("sdk-governed"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
    }

    @Test
    void global_and_keys_scoped_assignments_and_sdk_errors() {
        String principal = issue("Ledger Reader")[0];
        String auditor = RoleDefinition.ID_PREFIX + "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
        String name = UUID.randomUUID().toString();
        KeyVaultRoleAssignment global = accessControl.createRoleAssignment(KeyVaultRoleScope.GLOBAL, auditor, principal, name);
        assertThat(global.getName()).isEqualTo(name);
        assertThat(global.getId()).isEqualTo("/providers/Microsoft.Authorization/roleAssignments/" + name);
        KeyVaultRoleAssignment keysWide = accessControl.createRoleAssignment(KeyVaultRoleScope.KEYS, auditor, principal);
        assertThat(keysWide.getId()).startsWith("/keys/providers/Microsoft.Authorization/roleAssignments/");
        // "/" and "/keys" are the HSM's top level, listed together as Managed HSM does.
        assertThat(accessControl.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleAssignment::getName))
                .contains(name, keysWide.getName());
        assertThatThrownBy(() -> accessControl.createRoleAssignment(KeyVaultRoleScope.GLOBAL, auditor, principal))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("RoleAssignmentExists");
                });
        assertThatThrownBy(() -> accessControl.createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                RoleDefinition.ID_PREFIX + UUID.randomUUID(), principal))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
        accessControl.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, name);
        accessControl.deleteRoleAssignment(KeyVaultRoleScope.KEYS, keysWide.getName());
        assertThat(accessControl.listRoleAssignments(KeyVaultRoleScope.KEYS).stream().map(KeyVaultRoleAssignment::getName))
                .doesNotContain(name, keysWide.getName());
    }

    @Test
    void listings_longer_than_a_page_are_followed_through_next_link() {
        String auditor = RoleDefinition.ID_PREFIX + "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i <= RbacPaging.MAX_TOP; i++) {
            made.add(accessControl.createRoleAssignment(KeyVaultRoleScope.GLOBAL, auditor, issue("Ledger Reader")[0]).getName());
        }
        var assignments = accessControl.listRoleAssignments(KeyVaultRoleScope.GLOBAL);
        assertThat(assignments.iterableByPage()).hasSizeGreaterThan(1)
                .allSatisfy(page -> assertThat(page.getValue()).hasSizeLessThanOrEqualTo(RbacPaging.MAX_TOP));
        assertThat(assignments.stream().map(KeyVaultRoleAssignment::getName)).containsAll(made).doesNotHaveDuplicates();

        List<String> custom = new java.util.ArrayList<>();
        for (int i = 0; i <= RbacPaging.MAX_TOP - 9; i++) {
            String name = UUID.randomUUID().toString();
            accessControl.setRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
            custom.add(name);
        }
        var definitions = accessControl.listRoleDefinitions(KeyVaultRoleScope.GLOBAL);
        assertThat(definitions.iterableByPage()).hasSizeGreaterThan(1);
        assertThat(definitions.stream().map(KeyVaultRoleDefinition::getName)).containsAll(custom).doesNotHaveDuplicates();
        assertThat(definitions.stream().limit(9).map(KeyVaultRoleDefinition::getRoleType))
                .as("the built-in roles come first").containsOnly(KeyVaultRoleType.BUILT_IN_ROLE);
        custom.forEach(name -> accessControl.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name));
    }

    static String[] issue(String role) {
        try {
            return RbacApi.issue(client, adminToken, role, "/");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
