package dev.trustplane.server.securitydomain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The security domain over HTTPS: an unactivated server refuses key operations, activation (download) returns
 * the officers' blob, and a second server with a fresh data dir on the same store is recovered from a quorum of
 * re-encrypted shares, after which the keys created before sign exactly as before. Bad input is refused with the
 * reason and changes nothing.
 */
class SecurityDomainHttpTest {
    private static final String V = "?api-version=7.4";
    private static final String DIGEST = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    private static Officers officers;

    @TempDir
    Path tmp;

    @BeforeAll
    static void officers() throws Exception {
        officers = Officers.create(3);
    }

    record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        String code() {
            return json.path("error").path("code").asString("");
        }

        String message() {
            return json.path("error").path("message").asString("");
        }
    }

    /** A server on {@code dataDir} with its store in the shared {@code tmp/store} file. */
    private final class Node implements AutoCloseable {
        final Path dataDir;
        final TrustplaneServer server;
        final TestClient client;
        final String admin;

        Node(String name) throws Exception {
            this(name, "shared");
        }

        Node(String name, String store) throws Exception {
            this(name, store, null);
        }

        /** A server whose data dir starts with {@code carried}'s files under it, when given (see below). */
        Node(String name, String store, Map<Path, Path> carried) throws Exception {
            dataDir = tmp.resolve(name);
            if (carried != null) {
                for (var e : carried.entrySet()) {
                    Files.createDirectories(dataDir.resolve(e.getValue()).getParent());
                    Files.copy(e.getKey(), dataDir.resolve(e.getValue()));
                }
            }
            Files.createDirectories(tmp.resolve(store));
            server = TrustplaneServer.start(ServerConfig.forTests(dataDir)
                    .withStore("sqlite:" + tmp.resolve(store).resolve("trustplane.db")).withSecurityDomain(true), List.of());
            client = new TestClient(server.caCertificate(), server.port());
            admin = AdminToken.read(dataDir.resolve("admin.token"));
        }

        Answer call(String method, String path, String body, String token) throws Exception {
            HttpRequest.Builder b = client.request(path, token);
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> res = client.send(b);
            JsonNode json = res.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(res.body());
            return new Answer(res.statusCode(), json, res);
        }

        Answer post(String path, String body) throws Exception {
            return call("POST", path, body, admin);
        }

        Answer get(String path) throws Exception {
            return call("GET", path, null, admin);
        }

        String sign(String key) throws Exception {
            Answer signed = post("/keys/" + key + "/sign" + V, "{\"alg\":\"RS256\",\"value\":\"" + DIGEST + "\"}");
            assertThat(signed.status()).as(signed.raw().body()).isEqualTo(200);
            return signed.json().path("value").asString();
        }

        String issue(String role) throws Exception {
            var res = client.post("/admin/tokens", admin, "application/json",
                    "{\"role\":\"" + role + "\",\"scope\":\"/\",\"name\":\"sd test " + role + "\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            return Json.MAPPER.readTree(res.body()).path("token").asString();
        }

        void assertUnactivated() throws Exception {
            Answer refused = post("/keys/k1/create" + V, "{\"kty\":\"RSA\",\"key_size\":2048}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("ServiceUnavailable");
            // An unactivated server names the download; one awaiting recovery of its service keys, the upload.
            assertThat(refused.message()).containsAnyOf("not activated", "upload the security domain").contains("/securitydomain/");
            assertThat(dataDir.resolve("security-domain").resolve(SecurityDomain.STATE_FILE)).doesNotExist();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static DomainBlob activate(Node node, int required) throws Exception {
        Answer answer = node.post("/securitydomain/download", officers.downloadBody(required));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answer.raw().headers().firstValue("Azure-AsyncOperation")).hasValueSatisfying(
                url -> assertThat(url).endsWith("/securitydomain/download/pending"));
        Answer pending = node.get("/securitydomain/download/pending");
        assertThat(pending.json().path("status").asString()).isEqualTo("Success");
        return DomainBlob.parse(answer.json(), "value");
    }

    @Test
    void an_unactivated_server_refuses_key_operations_and_bad_downloads_change_nothing() throws Exception {
        String before;
        try (Node a = new Node("a")) {
            a.assertUnactivated();

            ObjectNode body = (ObjectNode) Json.MAPPER.readTree(officers.downloadBody(2));
            assertBad(a, body.deepCopy().put("required", 1), "required must be between 2 and the number of certificates (3), got 1");
            assertBad(a, body.deepCopy().put("required", 4), "got 4");
            ObjectNode eleven = body.deepCopy();
            for (int i = 0; i < 8; i++) {
                eleven.withArray("certificates").add(body.path("certificates").get(0));
            }
            assertBad(a, eleven, "at most 10 officer keys, got 11");
            ObjectNode duplicate = body.deepCopy();
            duplicate.withArray("certificates").set(2, body.path("certificates").get(0));
            assertBad(a, duplicate, "certificates[2] is the same key as an earlier certificate");
            ObjectNode swapped = body.deepCopy();
            ((ObjectNode) swapped.withArray("certificates").get(1)).put("n", body.path("certificates").get(0).path("n").asString());
            assertBad(a, swapped, "certificates[1]");
            ObjectNode thumb = body.deepCopy();
            ((ObjectNode) thumb.withArray("certificates").get(0)).put("x5t#S256",
                    body.path("certificates").get(1).path("x5t#S256").asString());
            assertBad(a, thumb, "certificates[0].x5t#S256 is not the SHA-256 thumbprint");
            assertThat(a.get("/securitydomain/download/pending").json().path("status").asString()).isEqualTo("Failed");

            Answer forbidden = a.call("POST", "/securitydomain/download", officers.downloadBody(2), a.issue("Managed HSM Crypto User"));
            assertThat(forbidden.status()).isEqualTo(403);
            a.assertUnactivated();

            DomainBlob blob = activate(a, 2);
            assertThat(blob.shares()).hasSize(3);
            assertThat(blob.required()).isEqualTo(2);
            assertThat(a.post("/keys/k1/create" + V, "{\"kty\":\"RSA\",\"key_size\":2048}").status()).isEqualTo(200);
            before = a.sign("k1");
            Answer upload = a.get("/securitydomain/upload");
            assertThat(upload.status()).isEqualTo(409);
            assertThat(upload.message()).contains("already active");
        }
        try (Node again = new Node("a")) {
            assertThat(again.sign("k1")).as("the domain's master key is unsealed at restart").isEqualTo(before);
        }
    }

    private static void assertBad(Node node, JsonNode body, String reason) throws Exception {
        Answer answer = node.post("/securitydomain/download", body.toString());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("BadParameter");
        assertThat(answer.message()).contains(reason);
        node.assertUnactivated();
    }

    @Test
    void a_second_server_with_a_fresh_data_dir_recovers_from_a_quorum_of_shares() throws Exception {
        DomainBlob blob;
        String signature;
        String ledgerKey;
        String checkpointBefore;
        List<String> kids;
        try (Node a = new Node("a")) {
            blob = activate(a, 2);
            assertThat(a.post("/keys/k1/create" + V, "{\"kty\":\"RSA\",\"key_size\":2048}").status()).isEqualTo(200);
            signature = a.sign("k1");
            assertThat(a.post("/admin/attestation/signing-keys:rollover?activate-in=0s", "").status()).isEqualTo(200);
            ledgerKey = a.client.get("/ledger/key", null).body().strip();
            checkpointBefore = a.client.get("/ledger/checkpoint", null).body();
            kids = kids(a);
            assertThat(kids).hasSize(2);
        }
        DomainBlob foreign;
        try (Node other = new Node("other", "other-store")) {
            foreign = activate(other, 2);
        }
        // Server a's machine is gone with its whole data dir; the database survived. b starts on a new data dir with
        // nothing of a's: the security domain brings back the KMS master key and, through the escrow copies, the
        // ledger identity, the attestation keys and the key-release key.
        try (Node b = new Node("b")) {
            Answer waiting = b.post("/keys/k1/create" + V, "{\"kty\":\"RSA\",\"key_size\":2048}");
            assertThat(waiting.status()).isEqualTo(503);
            assertThat(waiting.message()).isEqualTo(AwaitingRecoveryRoutes.MESSAGE);
            assertThat(b.client.get("/ledger/checkpoint", null).statusCode()).isEqualTo(503);
            assertThat(b.client.get("/certs", null).statusCode()).isEqualTo(503);
            Answer noKey = b.post("/securitydomain/upload", "{\"value\":\"" + "x" + "\"}");
            assertThat(noKey.status()).isEqualTo(400); // malformed value is named before state
            Answer transfer = b.get("/securitydomain/upload");
            assertThat(transfer.status()).isEqualTo(200);
            assertThat(transfer.json().path("key_format").asString()).isEqualTo("jwk");
            JsonNode exchange = transfer.json();

            String s0 = OfflineShares.reencrypt(blob, officers.privateKey(0), exchange);
            String s2 = OfflineShares.reencrypt(blob, officers.privateKey(2), exchange);
            String foreign1 = OfflineShares.reencrypt(foreign, officers.privateKey(1), exchange);

            uploadRefused(b, new RestoreValue(blob, List.of(s0)), "needs 2 shares; 1 were given");
            uploadRefused(b, new RestoreValue(blob, List.of(s0, s0)), "same officer's share");
            uploadRefused(b, new RestoreValue(blob, List.of(s0, foreign1)), "shares[1] belongs to security domain "
                    + foreign.domainId() + ", not to the uploaded domain " + blob.domainId());
            uploadRefused(b, new RestoreValue(foreign, List.of(s0, s2)), "shares[0] belongs to security domain "
                    + blob.domainId());
            byte[] tampered = blob.wrappedMaster();
            tampered[20] ^= 1;
            uploadRefused(b, new RestoreValue(new DomainBlob(blob.domainId(), blob.required(), blob.masterKeyId(), tampered,
                    blob.shares()), List.of(s0, s2)), "do not rebuild this security domain's key");
            String toOfficer = blob.shares().get(1).jwe(); // still encrypted to officer 1, not to the exchange key
            uploadRefused(b, new RestoreValue(blob, List.of(s0, toOfficer)), "shares[1] does not decrypt with the expected key");
            assertThat(b.get("/securitydomain/upload/pending").json().path("status").asString()).isEqualTo("Failed");

            Answer ok = b.post("/securitydomain/upload", uploadBody(new RestoreValue(blob, List.of(s2, s0))));
            assertThat(ok.status()).as(ok.raw().body()).isEqualTo(202);
            assertThat(ok.json().path("status").asString()).isEqualTo("Success");
            assertThat(ok.json().path("status_details").asString()).contains("Restart the server");
            assertThat(b.get("/securitydomain/upload").status()).as("the exchange key is gone").isEqualTo(409);
            assertThat(b.get("/securitydomain/upload/pending").json().path("status").asString()).isEqualTo("Success");
        }
        // The restart serves everything, with a's identities. (The key-release signing key is loaded at start: the
        // start itself shows b opens it.)
        try (Node b = new Node("b")) {
            assertThat(b.sign("k1")).as("the recovered server signs with the same key").isEqualTo(signature);
            assertThat(b.client.get("/ledger/key", null).body().strip()).isEqualTo(ledgerKey);
            assertThat(kids(b)).isEqualTo(kids);
            // The ledger goes on under the recovered key: a new decision (a rollover) extends the log before.
            assertThat(b.post("/admin/attestation/signing-keys:rollover?activate-in=1h", "").status()).isEqualTo(200);
            String checkpointAfter = b.client.get("/ledger/checkpoint", null).body();
            long from = Long.parseLong(checkpointBefore.lines().skip(1).findFirst().orElseThrow());
            long to = Long.parseLong(checkpointAfter.lines().skip(1).findFirst().orElseThrow());
            assertThat(to).isGreaterThan(from);
            JsonNode proof = b.get("/ledger/proof/consistency?from=" + from + "&to=" + to).json();
            List<byte[]> hashes = new java.util.ArrayList<>();
            proof.path("proof").forEach(h -> hashes.add(java.util.Base64.getDecoder().decode(h.asString())));
            var consistent = dev.trustplane.ledger.ReceiptVerifier.verifyConsistency(checkpointBefore, checkpointAfter,
                    hashes, dev.trustplane.ledger.NoteVerifier.parse(ledgerKey));
            assertThat(consistent.ok()).as(consistent.message()).isTrue();
        }
    }

    private static List<String> kids(Node node) throws Exception {
        List<String> kids = new java.util.ArrayList<>();
        Json.MAPPER.readTree(node.client.get("/certs", null).body()).path("keys").forEach(k -> kids.add(k.path("kid").asString()));
        return kids;
    }

    @Test
    void activation_over_keys_sealed_under_another_master_key_is_refused_and_leaves_no_state() throws Exception {
        Files.createDirectories(tmp.resolve("shared"));
        try (var plain = TrustplaneServer.start(ServerConfig.forTests(tmp.resolve("plain"))
                .withStore("sqlite:" + tmp.resolve("shared").resolve("trustplane.db")), List.of())) {
            var client = new TestClient(plain.caCertificate(), plain.port());
            var created = client.post("/keys/old/create" + V, AdminToken.read(tmp.resolve("plain").resolve("admin.token")),
                    "application/json", "{\"kty\":\"EC\"}");
            assertThat(created.statusCode()).isEqualTo(200);
        }
        // The same server (its data dir's local master key), now started with --security-domain required.
        try (Node node = new Node("sd", "shared", Map.of(tmp.resolve("plain/kms/master.key"), Path.of("kms/master.key")))) {
            Answer refused = node.post("/securitydomain/download", officers.downloadBody(2));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).contains("cannot be opened with this security domain's master key",
                    "were sealed with master key sealed-file:");
            node.assertUnactivated();
        }
    }

    private static String uploadBody(RestoreValue value) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("value", value.toJsonText());
        return body.toString();
    }

    private static void uploadRefused(Node node, RestoreValue value, String reason) throws Exception {
        Answer answer = node.post("/securitydomain/upload", uploadBody(value));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.message()).contains(reason);
        node.assertUnactivated();
    }
}
