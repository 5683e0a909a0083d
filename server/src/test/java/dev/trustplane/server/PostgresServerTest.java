package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import dev.trustplane.store.testing.TestStores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on PostgreSQL: ready, tokens work, and they survive a restart against the same database. */
class PostgresServerTest {
    @TempDir
    Path dataDir;

    @Test
    void tokens_work_and_survive_restart_on_postgresql() throws Exception {
        String store = TestStores.parseableLocation(TestStores.freshPostgresUrl());
        var config = ServerConfig.forTests(dataDir).withStore(store);
        String created;
        try (var server = TrustplaneServer.start(config, List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            assertThat(client.get("/readyz", null).statusCode()).isEqualTo(200);
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            var res = client.post("/admin/tokens", admin, "application/json", "{\"role\":\"Administrator\",\"name\":\"pg\"}");
            assertThat(res.statusCode()).isEqualTo(201);
            created = Json.MAPPER.readTree(res.body()).get("token").asString();
            assertThat(dataDir.resolve("trustplane.db")).doesNotExist();
        }
        try (var server = TrustplaneServer.start(config, List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            var list = client.get("/admin/tokens", created);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"pg\"");
        }
    }
}
