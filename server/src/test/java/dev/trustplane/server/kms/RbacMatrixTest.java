package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.auth.RoleAuthorizer;
import dev.trustplane.server.auth.Roles;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in role × every operation class over HTTPS: a token with the role is issued through
 * {@code POST /admin/tokens}, the administrator prepares what the operation needs, and the role's call must
 * succeed (2xx) or be refused with 403 exactly as the table says. The expectations are written out here, not
 * derived from {@link Roles}, so a change to the catalogue has to be made twice.
 */
class RbacMatrixTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static TestClient client;
    static KeysApi admin;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final SecureRandom RANDOM = new SecureRandom();

    /** One operation: the administrator prepares key {@code k}, then {@code as} makes the call; returns the status. */
    interface Op {
        int run(KeysApi as, String k) throws Exception;
    }

    static final Map<String, Op> OPS = new LinkedHashMap<>();

    static {
        // create
        OPS.put("create", (as, k) -> as.post("/keys/" + k + "/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").status());
        // get / list
        OPS.put("get", (as, k) -> {
            ec(k);
            return as.get("/keys/" + k).status();
        });
        OPS.put("list", (as, k) -> as.get("/keys").status());
        OPS.put("list-versions", (as, k) -> {
            ec(k);
            return as.get("/keys/" + k + "/versions").status();
        });
        // update (attributes, tags, release policy)
        OPS.put("update", (as, k) -> {
            ec(k);
            return as.call("PATCH", "/keys/" + k, "{\"tags\":{\"team\":\"rbac\"}}").status();
        });
        // delete, and the deleted-key reads that purge and recover rely on
        OPS.put("delete", (as, k) -> {
            ec(k);
            return as.call("DELETE", "/keys/" + k, null).status();
        });
        OPS.put("get-deleted", (as, k) -> {
            deleted(k);
            return as.get("/deletedkeys/" + k).status();
        });
        OPS.put("list-deleted", (as, k) -> as.get("/deletedkeys").status());
        // purge
        OPS.put("purge", (as, k) -> {
            deleted(k);
            return as.call("DELETE", "/deletedkeys/" + k, null).status();
        });
        // recover
        OPS.put("recover", (as, k) -> {
            deleted(k);
            return as.post("/deletedkeys/" + k + "/recover", null).status();
        });
        // sign / verify
        OPS.put("sign", (as, k) -> {
            ec(k);
            return as.post("/keys/" + k + "/sign", "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(bytes(32)) + "\"}").status();
        });
        OPS.put("verify", (as, k) -> {
            ec(k);
            String digest = KeysApi.b64(bytes(32));
            String sig = ok(admin.post("/keys/" + k + "/sign", "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}"))
                    .path("value").asString();
            return as.post("/keys/" + k + "/verify",
                    "{\"alg\":\"ES256\",\"digest\":\"" + digest + "\",\"value\":\"" + sig + "\"}").status();
        });
        // encrypt / decrypt
        OPS.put("encrypt", (as, k) -> {
            rsa(k);
            return as.post("/keys/" + k + "/encrypt", oaep(KeysApi.b64(bytes(32)))).status();
        });
        OPS.put("decrypt", (as, k) -> {
            rsa(k);
            String ct = ok(admin.post("/keys/" + k + "/encrypt", oaep(KeysApi.b64(bytes(32))))).path("value").asString();
            return as.post("/keys/" + k + "/decrypt", oaep(ct)).status();
        });
        // wrap / unwrap
        OPS.put("wrap", (as, k) -> {
            rsa(k);
            return as.post("/keys/" + k + "/wrapkey", oaep(KeysApi.b64(bytes(32)))).status();
        });
        OPS.put("unwrap", (as, k) -> {
            rsa(k);
            String wrapped = ok(admin.post("/keys/" + k + "/wrapkey", oaep(KeysApi.b64(bytes(32))))).path("value").asString();
            return as.post("/keys/" + k + "/unwrapkey", oaep(wrapped)).status();
        });
        // backup / restore
        OPS.put("backup", (as, k) -> {
            ec(k);
            return as.post("/keys/" + k + "/backup", null).status();
        });
        OPS.put("restore", (as, k) -> {
            ec(k);
            String blob = ok(admin.post("/keys/" + k + "/backup", null)).path("value").asString();
            deleted(k, false);
            assertThat(admin.call("DELETE", "/deletedkeys/" + k, null).status()).isEqualTo(204);
            return as.post("/keys/restore", "{\"value\":\"" + blob + "\"}").status();
        });
        // rotate, with the rotation policy it works from
        OPS.put("rotate", (as, k) -> {
            ec(k);
            return as.post("/keys/" + k + "/rotate", null).status();
        });
        OPS.put("get-rotation-policy", (as, k) -> {
            ec(k);
            return as.get("/keys/" + k + "/rotationpolicy").status();
        });
        OPS.put("set-rotation-policy", (as, k) -> {
            ec(k);
            return as.call("PUT", "/keys/" + k + "/rotationpolicy", "{\"lifetimeActions\":[{\"trigger\":"
                    + "{\"timeAfterCreate\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}]}").status();
        });
        // rng
        OPS.put("rng", (as, k) -> as.post("/rng", "{\"count\":16}").status());
        // token administration (Trustplane's own, not a Managed HSM data action)
        OPS.put("token-create", (as, k) -> client.post("/admin/tokens", as.token, "application/json",
                "{\"role\":\"Ledger Reader\",\"name\":\"made by " + k + "\"}").statusCode());
        OPS.put("token-list", (as, k) -> client.get("/admin/tokens", as.token).statusCode());
    }

    static final Set<String> READS = Set.of("get", "list", "list-versions", "get-rotation-policy");

    /** What each built-in role may do; every other operation must be refused with 403. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put(RoleAuthorizer.ADMINISTRATOR, OPS.keySet());
        ALLOWED.put(Roles.LEDGER_READER, Set.of());
        ALLOWED.put(Roles.LEDGER_WRITER, Set.of());
        // Security domain, full backup/restore, role management: no key operation at all.
        ALLOWED.put("Managed HSM Administrator", Set.of());
        // Purge/recover deleted keys (and role management, export); no use of key material, no key management.
        ALLOWED.put("Managed HSM Crypto Officer", Set.of("get-deleted", "list-deleted", "purge", "recover"));
        // Everything on keys except reading, recovering and purging deleted keys.
        ALLOWED.put("Managed HSM Crypto User", Set.of("create", "get", "list", "list-versions", "update", "delete",
                "sign", "verify", "encrypt", "decrypt", "wrap", "unwrap", "backup", "restore", "rotate",
                "get-rotation-policy", "set-rotation-policy", "rng"));
        ALLOWED.put("Managed HSM Policy Administrator", Set.of());
        ALLOWED.put("Managed HSM Crypto Auditor", union(READS, Set.of("get-deleted", "list-deleted")));
        ALLOWED.put("Managed HSM Crypto Service Encryption User", union(READS, Set.of("wrap", "unwrap")));
        // Only keys/release/action, and release is not among these operations.
        ALLOWED.put("Managed HSM Crypto Service Release User", Set.of());
        ALLOWED.put("Managed HSM Backup", Set.of("backup"));
        ALLOWED.put("Managed HSM Restore", Set.of("restore"));
    }

    static final Map<String, KeysApi> CALLERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        client = new TestClient(server.caCertificate(), server.port());
        admin = new KeysApi(client, AdminToken.read(dataDir.resolve("admin.token")));
        for (String role : ALLOWED.keySet()) {
            CALLERS.put(role, new KeysApi(client, issue(role, "/")));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String role : ALLOWED.keySet()) {
            for (String op : OPS.keySet()) {
                cells.add(Arguments.of(role, op));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("cells")
    void role_may_or_may_not(String role, String op) throws Exception {
        String key = "m" + SEQ.incrementAndGet();
        int status = OPS.get(op).run(CALLERS.get(role), key);
        if (ALLOWED.get(role).contains(op)) {
            assertThat(status).as("%s × %s", role, op).isBetween(200, 299);
        } else {
            assertThat(status).as("%s × %s", role, op).isEqualTo(403);
        }
    }

    @Test
    void the_table_covers_every_catalogued_role_and_only_known_operations() {
        assertThat(Roles.catalogue().roleNames()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        ALLOWED.values().forEach(ops -> assertThat(OPS.keySet()).containsAll(ops));
    }

    @Test
    void refusals_have_key_vaults_error_shape() throws Exception {
        ec("shape");
        var refused = CALLERS.get("Managed HSM Crypto Officer").post("/keys/shape/sign",
                "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(bytes(32)) + "\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("Forbidden");
    }

    @Test
    void a_token_scoped_to_one_key_uses_that_key_only() throws Exception {
        ec("a");
        ec("b");
        KeysApi scoped = new KeysApi(client, issue("Managed HSM Crypto User", "/keys/a"));
        String sign = "{\"alg\":\"ES256\",\"value\":\"" + KeysApi.b64(bytes(32)) + "\"}";
        assertThat(scoped.post("/keys/a/sign", sign).status()).isEqualTo(200);
        assertThat(scoped.get("/keys/a").status()).isEqualTo(200);
        assertThat(scoped.post("/keys/b/sign", sign).status()).isEqualTo(403);
        assertThat(scoped.get("/keys/b").status()).isEqualTo(403);
        assertThat(scoped.get("/keys").status()).isEqualTo(403);
        assertThat(scoped.post("/keys/c/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").status()).isEqualTo(403);
    }

    @Test
    void managed_hsm_role_names_are_accepted_and_unknown_ones_refused() throws Exception {
        var res = client.post("/admin/tokens", admin.token, "application/json",
                "{\"role\":\"Crypto Officer\",\"name\":\"x\"}");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("Managed HSM Crypto Officer");
    }

    static String issue(String role, String scope) throws Exception {
        var res = client.post("/admin/tokens", admin.token, "application/json",
                "{\"role\":\"" + role + "\",\"scope\":\"" + scope + "\",\"name\":\"rbac " + role + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Json.MAPPER.readTree(res.body()).path("token").asString();
    }

    static void ec(String k) throws Exception {
        ok(admin.post("/keys/" + k + "/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}"));
    }

    static void rsa(String k) throws Exception {
        ok(admin.post("/keys/" + k + "/create", "{\"kty\":\"RSA\",\"key_size\":2048}"));
    }

    static void deleted(String k) throws Exception {
        deleted(k, true);
    }

    static void deleted(String k, boolean create) throws Exception {
        if (create) {
            ec(k);
        }
        ok(admin.call("DELETE", "/keys/" + k, null));
    }

    static String oaep(String value) {
        return "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + value + "\"}";
    }

    static tools.jackson.databind.JsonNode ok(KeysApi.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
