package dev.trustplane.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.NoteVerifier;
import dev.trustplane.ledger.ReceiptVerifier;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger as the server serves it: ACL-style writes, C2SP reads, receipts that verify offline, restart. */
class LedgerApiTest {
    @TempDir
    Path dataDir;

    @Test
    void write_read_prove_and_survive_a_restart() throws Exception {
        String key;
        String txId;
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));

            assertThat(client.post("/app/transactions", admin, "application/json", "{\"contents\":\"x\"}").statusCode())
                    .isEqualTo(400); // api-version is required
            var written = client.post("/app/transactions?api-version=2022-05-13", admin, "application/json",
                    "{\"contents\":\"release of key db-key to workload w1\"}");
            assertThat(written.statusCode()).isEqualTo(200);
            txId = written.headers().firstValue("x-ms-ccf-transaction-id").orElseThrow();

            key = client.get("/ledger/key", null).body().trim();
            NoteVerifier verifier = NoteVerifier.parse(key);
            var checkpoint = client.get("/ledger/checkpoint", null);
            assertThat(checkpoint.statusCode()).isEqualTo(200);
            assertThat(checkpoint.body()).startsWith(verifier.name() + "\n1\n");

            HttpResponse<String> receipt = client.get("/ledger/entries/0/receipt", admin);
            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(ReceiptVerifier.verify(receipt.body(), verifier).failure()).isNull();
            assertThat(client.get("/ledger/entries/0/receipt", null).statusCode()).isEqualTo(401);

            var tile = client.send(client.request("/ledger/tile/0/000.p/1", null).GET());
            assertThat(tile.statusCode()).as(tile.body()).isEqualTo(200);
            var badTile = client.get("/ledger/tile/0/abc", null);
            assertThat(badTile.statusCode()).isEqualTo(400);
            assertThat(client.get("/ledger/tile/0/001", null).statusCode()).isEqualTo(404); // beyond the tree
            assertThat(Json.MAPPER.readTree(client.get("/ledger/tile/0/x001", null).body()).get("error")).isNotNull();
        }
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            assertThat(client.get("/ledger/key", null).body().trim()).isEqualTo(key);
            var status = client.get("/app/transactions/" + txId + "/status?api-version=2022-05-13", admin);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("Committed");
            client.post("/app/transactions?api-version=2022-05-13", admin, "application/json", "{\"contents\":\"second\"}");
            assertThat(client.get("/ledger/checkpoint", null).body()).contains("\n2\n");
        }
    }

    @Test
    void ledger_roles_separate_readers_from_writers() throws Exception {
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            String reader = token(client, admin, "Ledger Reader");
            String writer = token(client, admin, "Ledger Writer");
            String write = "/app/transactions?api-version=2022-05-13";
            assertThat(client.post(write, reader, "application/json", "{\"contents\":\"r\"}").statusCode()).isEqualTo(403);
            assertThat(client.post(write, writer, "application/json", "{\"contents\":\"w\"}").statusCode()).isEqualTo(200);
            assertThat(client.get("/ledger/entries/0", reader).statusCode()).isEqualTo(200);
            assertThat(client.get("/admin/tokens", writer).statusCode()).isEqualTo(403);
        }
    }

    /** The default serves the checkpoint and tiles to anyone; the switch asks for a token with ledger read access. */
    @Test
    void the_checkpoint_and_tiles_need_a_reader_token_when_reads_are_authenticated() throws Exception {
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir).withLedgerPublicReads(false), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            String reader = token(client, admin, "Ledger Reader");
            String keyUser = token(client, admin, "Managed HSM Crypto User");
            client.post("/app/transactions?api-version=2022-05-13", admin, "application/json", "{\"contents\":\"x\"}");
            for (String path : List.of("/ledger/checkpoint", "/ledger/tile/0/000.p/1", "/ledger/tile/entries/000.p/1")) {
                var anonymous = client.get(path, null);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Bearer "));
                assertThat(client.get(path, keyUser).statusCode()).as(path).isEqualTo(403);
                var read = client.get(path, reader);
                assertThat(read.statusCode()).as(path).isEqualTo(200);
                if (path.contains("/tile/")) {
                    assertThat(read.headers().firstValue("Cache-Control")).as(path).hasValue("private, max-age=60");
                }
            }
            assertThat(client.get("/ledger/key", null).statusCode()).isEqualTo(200); // what clients pin stays public
        }
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            assertThat(client.get("/ledger/checkpoint", null).statusCode()).isEqualTo(200);
            var tile = client.get("/ledger/tile/0/000.p/1", null);
            assertThat(tile.statusCode()).isEqualTo(200);
            assertThat(tile.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        }
    }

    private static String token(TestClient client, String admin, String role) throws Exception {
        var res = client.post("/admin/tokens", admin, "application/json", "{\"role\":\"" + role + "\"}");
        assertThat(res.statusCode()).isEqualTo(201);
        return Json.MAPPER.readTree(res.body()).get("token").asString();
    }
}
