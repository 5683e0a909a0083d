package dev.trustplane.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL share the service keys through the store: an attestation signing-key rollover on
 * one is published and used by the other within {@link AttestationTokens#DEFAULT_REFRESH}, with no file copied.
 */
class ServiceKeysReplicasTest {
    @TempDir
    Path dir;

    @Test
    void a_rollover_on_one_replica_is_seen_by_the_other() throws Exception {
        Path dirA;
        try (var replicas = new TwoReplicas(dir)) {
            dirA = replicas.dirA;
            String admin = replicas.admin;
            var onA = replicas.onA;
            var onB = replicas.onB;
            List<String> before = kids(onB);
            assertThat(kids(onA)).isEqualTo(before).hasSize(1);
            assertThat(onB.get("/ledger/key", null).body()).isEqualTo(onA.get("/ledger/key", null).body());

            var rolled = onA.post("/admin/attestation/signing-keys:rollover?activate-in=0s", admin, "application/json", "");
            assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
            String kid = Json.MAPPER.readTree(rolled.body()).path("kid").asString();
            assertThat(kids(onA)).as("the replica that rolled over publishes at once").contains(kid);

            long start = System.nanoTime();
            Awaitility.await().atMost(AttestationTokens.DEFAULT_REFRESH.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> kids(onB).contains(kid));
            System.out.printf("replica b published the rolled-over key after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(kids(onB)).containsExactlyElementsOf(kids(onA));
        }
        try (var files = Files.walk(dirA)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".pk8") || n.equals("checkpoint-key.sealed"));
        }
    }

    private static List<String> kids(TestClient client) throws Exception {
        List<String> kids = new ArrayList<>();
        Json.MAPPER.readTree(client.get("/certs", null).body()).path("keys").forEach(k -> kids.add(k.path("kid").asString()));
        return kids;
    }
}
