package dev.trustplane.server.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.StartupException;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A copy of one replica's data dir with the same store makes a working second replica: the same admin token,
 * keys created on one sign on the other, one ledger, one holder per background job; a fresh data dir on that
 * store is refused with the reason before it can write anything.
 */
class ReplicaDataDirTest {
    @TempDir
    Path dir;

    @Test
    void a_copied_data_dir_makes_a_second_replica_and_a_fresh_one_is_refused() throws Exception {
        try (var replicas = new TwoReplicas(dir)) {
            String admin = replicas.admin;
            var onA = replicas.onA;
            var onB = replicas.onB;

            var created = onA.post("/keys/shared/create?api-version=7.6", admin, "application/json",
                    "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String version = kidVersion(Json.MAPPER.readTree(created.body()));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("replicas".getBytes());
            var signed = onB.post("/keys/shared/" + version + "/sign?api-version=7.6", admin, "application/json",
                    "{\"alg\":\"ES256\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"}");
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            String signature = Json.MAPPER.readTree(signed.body()).path("value").asString();
            var verified = onA.post("/keys/shared/" + version + "/verify?api-version=7.6", admin, "application/json",
                    "{\"alg\":\"ES256\",\"digest\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                            + "\",\"value\":\"" + signature + "\"}");
            assertThat(Json.MAPPER.readTree(verified.body()).path("value").asBoolean()).isTrue();

            // One log: both replicas serve the same signed checkpoint and log key.
            assertThat(onB.get("/ledger/key", null).body()).isEqualTo(onA.get("/ledger/key", null).body());
            assertThat(onB.get("/ledger/checkpoint", null).body()).isEqualTo(onA.get("/ledger/checkpoint", null).body());

            // Each background job runs on exactly one of them (the first to start claimed both leases); the
            // second reports the holder once its first tick has looked at the leases.
            JsonNode healthA = Json.MAPPER.readTree(onA.get("/healthz", null).body());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !onB.get("/healthz", null).body().contains("\"unknown\""));
            JsonNode healthB = Json.MAPPER.readTree(onB.get("/healthz", null).body());
            assertThat(healthA.path("replica").asString()).isNotEqualTo(healthB.path("replica").asString());
            for (int job = 0; job < 2; job++) {
                JsonNode ja = healthA.path("jobs").get(job);
                JsonNode jb = healthB.path("jobs").get(job);
                assertThat(ja.path("name").asString()).isIn("kms.purge", "kms.rotation");
                assertThat(List.of(ja.path("lease").asString(), jb.path("lease").asString()))
                        .as("job %s", ja.path("name").asString()).containsExactly("held", "standby");
                assertThat(jb.path("holder").asString()).isEqualTo(healthA.path("replica").asString());
            }
            assertThat(healthA.path("role").asString()).isEqualTo("serving+jobs");
            assertThat(healthB.path("role").asString()).isEqualTo("serving");
            Path fresh = dir.resolve("fresh");
            assertThatThrownBy(() -> TrustplaneServer.start(ServerConfig.forTests(fresh).withStore(replicas.store), List.of()))
                    .isInstanceOf(StartupException.class).hasMessageContaining("master key");
        }
    }

    private static String kidVersion(JsonNode bundle) {
        String kid = bundle.path("key").path("kid").asString();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }
}
