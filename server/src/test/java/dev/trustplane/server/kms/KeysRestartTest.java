package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.SealedFileMasterKey;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.StartupException;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted server keeps its keys; a replaced master key stops it with a clear message. */
class KeysRestartTest {
    @TempDir
    Path dataDir;

    private TrustplaneServer start() throws Exception {
        return TrustplaneServer.start(ServerConfig.forTests(dataDir),
                List.of());
    }

    private KeysApi api(TrustplaneServer server) throws Exception {
        return new KeysApi(new TestClient(server.caCertificate(), server.port()), AdminToken.read(dataDir.resolve("admin.token")));
    }

    @Test
    void keys_survive_a_restart_and_a_foreign_master_key_is_refused() throws Exception {
        String digest = KeysApi.b64(new byte[32]);
        String signature;
        String version;
        try (var server = start()) {
            var api = api(server);
            String kid = api.post("/keys/r-key/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}").json().path("key").path("kid").asString();
            version = kid.substring(kid.lastIndexOf('/') + 1);
            signature = api.post("/keys/r-key/" + version + "/sign", "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}")
                    .json().path("value").asString();
        }
        try (var server = start()) {
            var api = api(server);
            assertThat(api.get("/keys/r-key/" + version).status()).isEqualTo(200);
            assertThat(api.post("/keys/r-key/" + version + "/verify", "{\"alg\":\"ES256\",\"digest\":\"" + digest
                    + "\",\"value\":\"" + signature + "\"}").json().path("value").asBoolean()).isTrue();
            assertThat(api.post("/keys/r-key/sign", "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}").status()).isEqualTo(200);
        }
        Path keyFile = dataDir.resolve("kms").resolve(SealedFileMasterKey.FILE);
        Files.delete(keyFile);
        assertThatThrownBy(this::start).isInstanceOf(StartupException.class)
                .hasMessageContaining("were sealed with master key sealed-file:");
    }
}
