package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.Ledger;
import dev.trustplane.ledger.LedgerConfig;
import dev.trustplane.ledger.NewEntry;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import dev.trustplane.server.ledger.LedgerIdentity;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code trustplane ledger …} against a real server started in-process: receipts and consistency proofs
 * verified offline (exit 0) and tampered ones rejected with the failure named (exit 1), the printed key equal
 * to the served one, and audits of a multi-tile log, clean and with a leaf altered in the database.
 */
class LedgerCommandTest {
    private static final String WRITE = "/app/transactions?api-version=2022-05-13";

    @TempDir
    Path dataDir;

    @TempDir
    Path tmp;

    private CliRun last;

    private int run(String... args) {
        last = CliRun.of(args);
        return last.exitCode();
    }

    private String stdout() {
        return last.out();
    }

    private String stderr() {
        return last.err();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** HTTPS to the test server, trusting only its CA. */
    record TestClient(java.net.http.HttpClient http, String base) {
        TestClient(Path ca, int port) throws Exception {
            this(java.net.http.HttpClient.newBuilder().sslContext(ApiClient.trusting(ca)).build(), "https://127.0.0.1:" + port);
        }

        java.net.http.HttpResponse<String> get(String path, String token) throws Exception {
            return send(request(path, token).GET());
        }

        java.net.http.HttpResponse<String> post(String path, String token, String type, String body) throws Exception {
            return send(request(path, token).header("Content-Type", type)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        }

        java.net.http.HttpResponse<String> put(String path, String token, String type, String body) throws Exception {
            return send(request(path, token).header("Content-Type", type)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        }

        private java.net.http.HttpRequest.Builder request(String path, String token) {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).timeout(Duration.ofSeconds(30));
            return token == null ? b : b.header("Authorization", "Bearer " + token);
        }

        private java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder b) throws Exception {
            return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void append(TestClient client, String admin, String contents) throws Exception {
        var res = client.post(WRITE, admin, "application/json", Json.MAPPER.writeValueAsString(java.util.Map.of("contents", contents)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    @Test
    void verify_accepts_a_receipt_and_names_what_a_tampered_one_breaks() throws Exception {
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            for (int i = 0; i < 5; i++) {
                append(client, admin, "decision " + i);
            }
            String key = client.get("/ledger/key", null).body().strip();
            String receipt = client.get("/ledger/entries/3/receipt", admin).body();
            Path file = write("receipt.json", receipt);
            Path keyFile = write("key.txt", key + "\n");

            assertThat(run("ledger", "verify", file.toString(), "--key", key)).as(stderr()).isZero();
            assertThat(stdout()).startsWith("OK: entry 3 (").contains("tree of size 5");
            String acl = client.get("/app/transactions/1.4/receipt?api-version=2022-05-13", admin).body();
            assertThat(run("ledger", "verify", write("acl.json", acl).toString(), "--key-file", keyFile.toString()))
                    .as(stdout() + stderr()).isZero();

            ObjectNode json = (ObjectNode) Json.MAPPER.readTree(receipt);
            ((ObjectNode) json.get("entry")).put("contents", java.util.Base64.getEncoder().encodeToString("decision 9".getBytes()));
            assertThat(run("ledger", "verify", write("leaf.json", json.toString()).toString(), "--key", key)).isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (leaf)");

            json = (ObjectNode) Json.MAPPER.readTree(receipt);
            var proof = (tools.jackson.databind.node.ArrayNode) json.get("inclusionProof");
            proof.set(0, proof.get(1));
            assertThat(run("ledger", "verify", write("proof.json", json.toString()).toString(), "--key", key)).isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (proof step)");

            json = (ObjectNode) Json.MAPPER.readTree(receipt);
            json.put("treeSize", 4);
            assertThat(run("ledger", "verify", write("root.json", json.toString()).toString(), "--key", key)).isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (root)");

            json = (ObjectNode) Json.MAPPER.readTree(receipt);
            String note = json.get("checkpoint").asString();
            json.put("checkpoint", note.replaceFirst("\n5\n", "\n6\n"));
            assertThat(run("ledger", "verify", write("sig.json", json.toString()).toString(), "--key", key)).isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (signature)");

            assertThat(run("ledger", "verify", file.toString())).isEqualTo(2);
            assertThat(stderr()).contains("pin the log's key");
            assertThat(run("ledger", "verify", write("junk.json", "{").toString(), "--key", key)).isEqualTo(2);
            assertThat(run("ledger", "verify", file.toString(), "--key", "nope")).isEqualTo(2);
        }
    }

    @Test
    void verify_consistency_between_two_checkpoints() throws Exception {
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            String key = client.get("/ledger/key", null).body().strip();
            for (int i = 0; i < 3; i++) {
                append(client, admin, "a" + i);
            }
            Path older = write("cp3", client.get("/ledger/checkpoint", null).body());
            for (int i = 0; i < 4; i++) {
                append(client, admin, "b" + i);
            }
            Path newer = write("cp7", client.get("/ledger/checkpoint", null).body());
            String answer = client.get("/ledger/proof/consistency?from=3&to=7", admin).body();
            List<String> hashes = new ArrayList<>();
            Json.MAPPER.readTree(answer).get("proof").forEach(h -> hashes.add(h.asString()));
            Path proof = write("proof.txt", String.join("\n", hashes) + "\n");

            assertThat(run("ledger", "verify-consistency", older.toString(), newer.toString(), proof.toString(), "--key", key))
                    .as(stdout() + stderr()).isZero();
            assertThat(stdout()).contains("size 3 is a prefix of the tree of size 7");
            assertThat(run("ledger", "verify-consistency", newer.toString(), older.toString(),
                    write("proof.json", answer).toString(), "--key", key)).isZero();

            Path swapped = write("bad.txt", String.join("\n", hashes.reversed()) + "\n");
            assertThat(run("ledger", "verify-consistency", older.toString(), newer.toString(), swapped.toString(), "--key", key))
                    .isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (proof step)");
            Path garbage = write("garbage.txt", "not base64!\n");
            assertThat(run("ledger", "verify-consistency", older.toString(), newer.toString(), garbage.toString(), "--key", key))
                    .isEqualTo(2);
            assertThat(stderr()).contains("hash 1 is not base64 of 32 bytes");
        }
    }

    @Test
    void key_prints_the_served_verifier_key_offline() throws Exception {
        String served;
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            served = new TestClient(server.caCertificate(), server.port()).get("/ledger/key", null).body().strip();
        }
        assertThat(run("ledger", "key", "--data-dir", dataDir.toString())).as(stderr()).isZero();
        assertThat(stdout().strip()).isEqualTo(served);
        assertThat(run("ledger", "key", "--data-dir", tmp.resolve("none").toString())).isEqualTo(2);
        assertThat(stderr()).contains("no ledger key");
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    @Test
    void audit_checks_every_tile_and_finds_an_altered_entry() throws Exception {
        int entries = 300; // a full entry tile and a partial one
        String key;
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            String admin = AdminToken.read(dataDir.resolve("admin.token"));
            key = client.get("/ledger/key", null).body().strip();
            try (var pool = Executors.newFixedThreadPool(16)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < entries; i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        append(client, admin, "entry " + n);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            String url = "https://127.0.0.1:" + server.port();
            String ca = server.caCertificate().toString();
            assertThat(run("ledger", "audit", url, "--ca", ca, "--key", key, "--progress", "1")).as(stdout() + stderr()).isZero();
            assertThat(stdout()).startsWith("OK: " + entries + " entries");
            assertThat(stderr()).contains("audited 256 of 300 entries");
            assertThat(run("ledger", "audit", url, "--ca", ca)).isZero();
            assertThat(stderr()).contains("warning: no --key given");
            assertThat(run("ledger", "audit", "http://127.0.0.1:" + server.port())).isEqualTo(2);
        }
        // Entry 100 is under a stored (full) hash tile: the server cannot see the change, the audit must.
        alterLeaf(100);
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            assertThat(run("ledger", "audit", "https://127.0.0.1:" + server.port(), "--ca",
                    server.caCertificate().toString(), "--key", key)).isEqualTo(1);
            assertThat(stdout()).startsWith("FAILED (leaf): entry 100 in bundle entries/000");
        }
        // Entry 280 is in the unfinished tile, whose hashes come from the entries: the server refuses to start.
        alterLeaf(280);
        assertThatThrownBy(() -> TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of()))
                .hasMessageContaining("root of the newest checkpoint");
    }

    @Test
    void audit_checks_level_one_tiles_of_a_large_log() throws Exception {
        int entries = 65_536 + 3 * 256 + 5; // one full level-1 tile, then a partial level-1 tile and partial entry tile
        dev.trustplane.ledger.NoteSigner signer;
        try (var master = dev.trustplane.kms.SealedFileMasterKey.openOrCreate(dataDir);
             Store keyStore = Store.open(StoreUrl.DEFAULT, dataDir)) {
            signer = LedgerIdentity.loadOrCreate(dataDir, dev.trustplane.server.servicekeys.ServiceKeys.open(keyStore, master));
        }
        try (Store store = Store.open(StoreUrl.DEFAULT, dataDir);
             Ledger ledger = Ledger.open(store, LedgerConfig.defaults(signer.name()).withBatching(5000, Duration.ofMillis(2)), signer);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                byte[] content = ("bulk " + i).getBytes(StandardCharsets.UTF_8);
                done.add(pool.submit(() -> ledger.append(NewEntry.of("text/plain", content))));
            }
            for (Future<Long> f : done) {
                f.get();
            }
        }
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            assertThat(run("ledger", "audit", "https://127.0.0.1:" + server.port(), "--ca", server.caCertificate().toString(),
                    "--key", signer.verifier().encode(), "--progress", "0")).as(stdout() + stderr()).isZero();
            assertThat(stdout()).startsWith("OK: " + entries + " entries");
        }
    }

    /** What an attacker with write access to the database would do: rewrite one stored entry in place. */
    private void alterLeaf(long index) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("trustplane.db"));
             var update = db.prepareStatement("UPDATE ledger_entries SET leaf = ? WHERE idx = ?")) {
            byte[] leaf;
            try (var q = db.prepareStatement("SELECT leaf FROM ledger_entries WHERE idx = ?")) {
                q.setLong(1, index);
                try (var rs = q.executeQuery()) {
                    rs.next();
                    leaf = rs.getBytes(1);
                }
            }
            leaf[leaf.length - 1] ^= 1;
            update.setBytes(1, leaf);
            update.setLong(2, index);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
