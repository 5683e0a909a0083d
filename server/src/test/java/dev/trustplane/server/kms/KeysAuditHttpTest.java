package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Over HTTPS: key lifecycle calls land on the server's ledger with the calling token's id and role. */
class KeysAuditHttpTest {
    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static KeysApi api;
    static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        adminToken = AdminToken.read(dataDir.resolve("admin.token"));
        api = new KeysApi(new TestClient(server.caCertificate(), server.port()), adminToken);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void create_delete_and_a_refused_purge_are_on_the_ledger_with_the_caller() throws Exception {
        String version = api.post("/keys/audited/create", "{\"kty\":\"RSA\",\"key_size\":2048}").json()
                .path("key").path("kid").asString().replaceAll(".*/", "");
        assertThat(api.post("/keys/audited/sign", "{\"alg\":\"RS256\",\"value\":\"" + KeysApi.b64(new byte[32]) + "\"}").status())
                .isEqualTo(200);
        assertThat(api.call("DELETE", "/keys/audited", null).status()).isEqualTo(200);
        assertThat(api.call("DELETE", "/deletedkeys/never-existed", null).status()).isEqualTo(404);

        List<JsonNode> keyRecords = new ArrayList<>();
        for (long i = 0; ; i++) {
            var entry = api.raw("GET", "/ledger/entries/" + i, null);
            if (entry.status() == 404) {
                break;
            }
            assertThat(entry.status()).isEqualTo(200);
            JsonNode record = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(entry.json().path("contents").asString()),
                    StandardCharsets.UTF_8));
            if (record.path("type").asString().startsWith("key.")) {
                keyRecords.add(record);
            }
        }
        assertThat(keyRecords).extracting(r -> r.path("type").asString())
                .containsExactly("key.create", "key.delete", "key.purge");
        String tokenId = adminToken.split("\\.")[1];
        assertThat(keyRecords).allSatisfy(r -> {
            assertThat(r.path("caller").asString()).isEqualTo(tokenId);
            assertThat(r.path("callerRole").asString()).isNotBlank();
        });
        assertThat(keyRecords.get(0).path("keyVersion").asString()).isEqualTo(version);
        assertThat(keyRecords.get(0).path("outcome").asString()).isEqualTo("succeeded");
        assertThat(keyRecords.get(2).path("keyName").asString()).isEqualTo("never-existed");
        assertThat(keyRecords.get(2).path("outcome").asString()).isEqualTo("KeyNotFound");
    }
}
