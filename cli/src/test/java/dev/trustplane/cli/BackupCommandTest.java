package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Full backup and restore: back up a server with a security domain ({@code POST /backup} and {@code backup create}),
 * lose its data dir and store, recover the security domain on a new server, restore, and the keys sign exactly as
 * before while the ledger proves it continues the backed-up one. Tampered files, live targets without --force and
 * existing keys are refused with nothing changed.
 */
class BackupCommandTest {
    private static final String V = "?api-version=7.4";
    private static final String LEDGER_WRITE = "/app/transactions?api-version=2022-05-13";
    private static final String SIGN = "{\"alg\":\"RS256\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[32]) + "\"}";

    @TempDir
    Path tmp;

    private TrustplaneServer start(String name) throws Exception {
        return TrustplaneServer.start(ServerConfig.forTests(tmp.resolve(name))
                .withStore("sqlite:" + tmp.resolve(name + ".db")).withSecurityDomain(true), List.of());
    }

    private String[] at(String name, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", tmp.resolve(name).toString(), "--store", "sqlite:" + tmp.resolve(name + ".db")));
        return all.toArray(String[]::new);
    }

    private record Api(LedgerCommandTest.TestClient client, String admin) {
        int post(String path, String body) throws Exception {
            return client.post(path, admin, "application/json", body).statusCode();
        }

        String sign(String key) throws Exception {
            var res = client.post("/keys/" + key + "/sign" + V, admin, "application/json", SIGN);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            return Json.MAPPER.readTree(res.body()).path("value").asString();
        }

        void append(String text) throws Exception {
            assertThat(post(LEDGER_WRITE, Json.MAPPER.writeValueAsString(Map.of("contents", text)))).isEqualTo(200);
        }
    }

    private Api api(TrustplaneServer server, String name) throws Exception {
        return new Api(new LedgerCommandTest.TestClient(server.caCertificate(), server.port()),
                AdminToken.read(tmp.resolve(name).resolve("admin.token")));
    }

    @Test
    void backup_wipe_recover_restore_signs_the_same_and_the_ledger_continues() throws Exception {
        for (int i = 0; i < 3; i++) {
            SdCommandTest.writeOfficer(tmp, i);
        }
        CliRun body = CliRun.of("sd", "download-body", "--required", "2", p("officer0.cer"), p("officer1.cer"), p("officer2.cer"));
        String sig1;
        String sig2;
        String verifierKey;
        String certs;
        try (var a = start("a")) {
            Api api = api(a, "a");
            var download = api.client().post("/securitydomain/download", api.admin(), "application/json", body.out());
            assertThat(download.statusCode()).isEqualTo(202);
            Files.writeString(tmp.resolve("sd.json"), download.body());
            assertThat(api.post("/keys/k1/create" + V, "{\"kty\":\"RSA\"}")).isEqualTo(200);
            assertThat(api.post("/keys/k2/create" + V, "{\"kty\":\"RSA\"}")).isEqualTo(200);
            sig1 = api.sign("k1");
            sig2 = api.sign("k2");
            for (int i = 0; i < 3; i++) {
                api.append("before backup " + i);
            }
            verifierKey = api.client().get("/ledger/key", null).body().strip();
            certs = kids(api.client().get("/certs", null).body());
            var backup = api.client().post("/backup", api.admin(), "application/json", "{}");
            assertThat(backup.statusCode()).as(backup.body()).isEqualTo(202);
            JsonNode job = Json.MAPPER.readTree(backup.body());
            assertThat(job.path("status").asString()).isEqualTo("Succeeded");
            Files.writeString(tmp.resolve("backup.json"), job.path("value").asString());
            String crypto = issue(api, "Managed HSM Crypto User");
            assertThat(api.client().post("/backup", crypto, "application/json", "{}").statusCode()).isEqualTo(403);

            // Managed HSM's online full restore is refused, to those allowed to restore, with the offline path.
            String restore = "{\"folderToRestore\":\"mhsm-a-20261207050000\"}";
            var online = api.client().put("/restore", api.admin(), "application/json", restore);
            assertThat(online.statusCode()).as(online.body()).isEqualTo(409);
            JsonNode error = Json.MAPPER.readTree(online.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("OfflineRestoreRequired");
            assertThat(error.path("message").asString()).contains("Stop every replica", "trustplane backup restore FILE",
                    "--force", "Why restore is offline");
            assertThat(api.client().put("/restore", crypto, "application/json", restore).statusCode()).isEqualTo(403);
            var pending = api.client().get("/restore/" + job.path("jobId").asString() + "/pending", api.admin());
            assertThat(pending.statusCode()).isEqualTo(404);
            assertThat(pending.body()).contains("JobNotFound", "trustplane backup restore FILE");
            assertThat(api.sign("k1")).as("the refused restore changed nothing").isEqualTo(sig1);
        }
        CliRun offline = CliRun.of(at("a", "backup", "create", "--out", p("backup-cli.json")));
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        JsonNode header = Json.MAPPER.readTree(Files.readString(tmp.resolve("backup.json")));
        long backedUpSize = header.path("checkpoint").path("tree_size").asLong();
        assertThat(backedUpSize).isPositive();
        assertThat(header.path("keys").toString()).contains("k1", "k2");
        assertThat(Files.readString(tmp.resolve("backup.json"))).doesNotContain("before backup");

        // The whole first server is lost. A new one recovers the security domain from two officers.
        try (var b = start("b")) {
            Api api = api(b, "b");
            Files.writeString(tmp.resolve("exchange.json"), api.client().get("/securitydomain/upload", api.admin()).body());
            for (int i : new int[] {1, 2}) {
                assertThat(CliRun.of("sd", "decrypt-share", "--blob", p("sd.json"), "--key", p("officer" + i + ".key"),
                        "--exchange-key", p("exchange.json"), "--out", p("s" + i + ".jwe")).exitCode()).isZero();
            }
            assertThat(CliRun.of("sd", "restore-value", "--blob", p("sd.json"), "--out", p("upload.json"), p("s1.jwe"),
                    p("s2.jwe")).exitCode()).isZero();
            assertThat(api.client().post("/securitydomain/upload", api.admin(), "application/json",
                    Files.readString(tmp.resolve("upload.json"))).statusCode()).isEqualTo(202);
            assertThat(api.post("/keys/k9/create" + V, "{\"kty\":\"RSA\"}")).isEqualTo(200);
        }

        ObjectNode tampered = (ObjectNode) Json.MAPPER.readTree(Files.readString(tmp.resolve("backup.json")));
        tampered.withObject("checkpoint").put("tree_size", backedUpSize + 1);
        Files.writeString(tmp.resolve("tampered.json"), tampered.toString());
        refused(at("b", "backup", "restore", p("tampered.json"), "--force"), "does not authenticate");
        refused(at("b", "backup", "restore", p("backup.json")), "the target is live (1 key versions");
        refused(at("b", "backup", "restore", p("backup.json"), "--key", "nope"), "no key named nope");

        try (var c = start("c")) { // a server with a security domain of its own
            Api api = api(c, "c");
            assertThat(api.client().post("/securitydomain/download", api.admin(), "application/json", body.out())
                    .statusCode()).isEqualTo(202);
        }
        long cBefore = Files.size(tmp.resolve("c.db"));
        CliRun foreign = CliRun.of(at("c", "backup", "restore", p("backup.json"), "--force"));
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(foreign.err()).contains("the backup was made under security domain " + header.path("domain_id").asString(),
                "upload that security domain first");
        assertThat(Files.size(tmp.resolve("c.db"))).isEqualTo(cBefore);

        CliRun restored = CliRun.of(at("b", "backup", "restore", p("backup.json"), "--force"));
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("2 keys", "ledger of " + backedUpSize + " entries");
        refused(at("b", "backup", "restore", p("backup-cli.json"), "--key", "k2"), "the key k2 exists on the target");
        CliRun selective = CliRun.of(at("b", "backup", "restore", p("backup-cli.json"), "--key", "k2", "--force"));
        assertThat(selective.exitCode()).as(selective.err()).isZero();

        try (var b = start("b")) {
            Api api = api(b, "b");
            assertThat(api.sign("k1")).isEqualTo(sig1);
            assertThat(api.sign("k2")).isEqualTo(sig2);
            assertThat(api.client().get("/keys/k9" + V, api.admin()).statusCode()).as("replaced by the restore").isEqualTo(404);
            assertThat(api.client().get("/ledger/key", null).body().strip()).as("the ledger identity came back").isEqualTo(verifierKey);
            assertThat(kids(api.client().get("/certs", null).body())).as("the attestation keys came back").isEqualTo(certs);
            api.append("after restore");
            Path older = Files.writeString(tmp.resolve("older.cp"), header.path("checkpoint").path("note").asString());
            String newerText = api.client().get("/ledger/checkpoint", null).body();
            Path newer = Files.writeString(tmp.resolve("newer.cp"), newerText);
            long newSize = Long.parseLong(newerText.lines().skip(1).findFirst().orElseThrow());
            assertThat(newSize).isGreaterThan(backedUpSize);
            String proof = api.client().get("/ledger/proof/consistency?from=" + backedUpSize + "&to=" + newSize, api.admin()).body();
            List<String> hashes = new ArrayList<>();
            Json.MAPPER.readTree(proof).get("proof").forEach(h -> hashes.add(h.asString()));
            Path proofFile = Files.writeString(tmp.resolve("proof.txt"), String.join("\n", hashes) + "\n");
            CliRun consistent = CliRun.of("ledger", "verify-consistency", older.toString(), newer.toString(),
                    proofFile.toString(), "--key", verifierKey);
            assertThat(consistent.exitCode()).as(consistent.out() + consistent.err()).isZero();
        }
    }

    private static String kids(String jwks) throws Exception {
        List<String> kids = new ArrayList<>();
        Json.MAPPER.readTree(jwks).path("keys").forEach(k -> kids.add(k.path("kid").asString()));
        return String.join(",", kids);
    }

    private static String issue(Api api, String role) throws Exception {
        var res = api.client().post("/admin/tokens", api.admin(), "application/json",
                "{\"role\":\"" + role + "\",\"scope\":\"/\",\"name\":\"backup test\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Json.MAPPER.readTree(res.body()).path("token").asString();
    }

    private void refused(String[] args, String reason) throws Exception {
        long before = Files.size(tmp.resolve("b.db"));
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).contains(reason);
        assertThat(Files.size(tmp.resolve("b.db"))).as("nothing written").isEqualTo(before);
    }

    private String p(String name) {
        return tmp.resolve(name).toString();
    }
}
