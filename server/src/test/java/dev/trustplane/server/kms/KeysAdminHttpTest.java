package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup/restore, rotate and rotation policy over HTTPS, positive and negative. */
class KeysAdminHttpTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static KeysApi api;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir),
                List.of());
        api = new KeysApi(new TestClient(server.caCertificate(), server.port()), AdminToken.read(dataDir.resolve("admin.token")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void backup_then_restore_after_purge() throws Exception {
        String kid = api.post("/keys/a-bk/create", "{\"kty\":\"EC\",\"crv\":\"P-256K\"}").json().path("key").path("kid").asString();
        var backup = api.call("POST", "/keys/a-bk/backup", null);
        assertThat(backup.status()).isEqualTo(200);
        String blob = backup.json().path("value").asString();
        assertThat(blob).doesNotContain("=", "+", "/");
        assertThat(api.post("/keys/restore", "{\"value\":\"" + blob + "\"}").status()).isEqualTo(409);
        api.call("DELETE", "/keys/a-bk", null);
        api.call("DELETE", "/deletedkeys/a-bk", null);
        var restored = api.post("/keys/restore", "{\"value\":\"" + blob + "\"}");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().path("key").path("kid").asString()).isEqualTo(kid);
        assertThat(api.post("/keys/restore", "{\"value\":\"AAAA\"}").status()).isEqualTo(400);
        assertThat(api.post("/keys/restore", "{}").status()).isEqualTo(400);
        assertThat(api.call("POST", "/keys/a-none/backup", null).status()).isEqualTo(404);
        assertThat(api.get("/keys/a-bk/backup").status()).isEqualTo(405);
    }

    @Test
    void rotate_and_rotation_policy() throws Exception {
        api.post("/keys/a-rot/create", "{\"kty\":\"RSA\",\"key_size\":3072}");
        var initial = api.get("/keys/a-rot/rotationpolicy");
        assertThat(initial.status()).isEqualTo(200);
        assertThat(initial.json().path("lifetimeActions").get(0).path("action").path("type").asString()).isEqualTo("Notify");
        var put = api.call("PUT", "/keys/a-rot/rotationpolicy", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},"
                + "\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P90D\"}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("id").asString()).endsWith("/keys/a-rot/rotationpolicy");
        assertThat(put.json().path("attributes").path("expiryTime").asString()).isEqualTo("P90D");
        assertThat(api.get("/keys/a-rot/rotationpolicy").json().path("lifetimeActions").get(0).path("trigger")
                .path("timeAfterCreate").asString()).isEqualTo("P30D");
        var rotated = api.call("POST", "/keys/a-rot/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("attributes").has("exp")).isTrue();
        assertThat(KeysApi.unb64(rotated.json().path("key").path("n"))).hasSize(384);
        assertThat(api.get("/keys/a-rot/versions").json().path("value")).hasSize(2);
        assertThat(api.call("PUT", "/keys/a-rot/rotationpolicy", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P1D\"},"
                + "\"action\":{\"type\":\"Rotate\"}}]}").status()).isEqualTo(400);
        assertThat(api.call("PUT", "/keys/a-rot/rotationpolicy", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"30 days\"},"
                + "\"action\":{\"type\":\"Rotate\"}}]}").status()).isEqualTo(400);
        assertThat(api.call("PUT", "/keys/a-rot/rotationpolicy", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},"
                + "\"action\":{\"type\":\"Explode\"}}]}").status()).isEqualTo(400);
        assertThat(api.call("POST", "/keys/a-none/rotate", null).status()).isEqualTo(404);
        assertThat(api.get("/keys/a-none/rotationpolicy").status()).isEqualTo(404);
    }
}
