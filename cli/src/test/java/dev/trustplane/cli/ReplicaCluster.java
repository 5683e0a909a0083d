package dev.trustplane.cli;

import dev.trustplane.store.testing.DataDirs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * Three {@code trustplane serve} replicas on one PostgreSQL database, made as operators make them (the first one
 * creates its data dir, the others start from a copy), and the client side's load balancer in front of them: it
 * sends each request to a replica it considers up, takes a replica out of rotation at a connection failure or a
 * failing {@code /readyz}, and back in once {@code /readyz} answers 200 again.
 */
final class ReplicaCluster implements AutoCloseable {
    static final int SIZE = 3;

    private final Path dir;
    private final List<ReplicaProcess> replicas = new ArrayList<>();
    private final AtomicBoolean[] up = new AtomicBoolean[SIZE];
    private final Thread healthChecks;
    private volatile boolean closed;

    private ReplicaCluster(Path dir) {
        this.dir = dir;
        for (int i = 0; i < SIZE; i++) {
            up[i] = new AtomicBoolean(true);
        }
        healthChecks = Thread.ofVirtual().unstarted(this::checkHealth);
    }

    /** Starts the replicas on {@code store} (a parseable store URL, handed over in the environment) and waits for all. */
    static ReplicaCluster start(Path dir, String store) throws IOException {
        ReplicaCluster cluster = new ReplicaCluster(dir);
        try {
            Path first = dir.resolve("replica-0");
            cluster.replicas.add(new ReplicaProcess(first, store, dir, "replica-0").start());
            cluster.awaitReady(0);
            for (int i = 1; i < SIZE; i++) {
                Path copy = dir.resolve("replica-" + i);
                DataDirs.copyForReplica(first, copy); // a copy of one replica's data dir + the same store = another replica
                cluster.replicas.add(new ReplicaProcess(copy, store, dir, "replica-" + i).start());
            }
            for (int i = 1; i < SIZE; i++) {
                cluster.awaitReady(i);
            }
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        cluster.healthChecks.start();
        return cluster;
    }

    ReplicaProcess replica(int i) {
        return replicas.get(i);
    }

    String adminToken() throws IOException {
        return Files.readString(dir.resolve("replica-0/admin.token")).trim();
    }

    /** The ledger's public verifier key, as operators publish it. */
    String ledgerVerifierKey() throws IOException {
        return Files.readString(dir.resolve("replica-0/ledger/verifier-key")).strip();
    }

    /** The load balancer's choice: round-robin over the replicas it considers up (any replica when none is). */
    int pick(int seed) {
        for (int i = 0; i < SIZE; i++) {
            int candidate = Math.floorMod(seed + i, SIZE);
            if (up[candidate].get()) {
                return candidate;
            }
        }
        return Math.floorMod(seed, SIZE);
    }

    /** A request to the replica failed at the connection: out of rotation until its health check passes. */
    void connectionFailed(int replica) {
        up[replica].set(false);
    }

    boolean inRotation(int replica) {
        return up[replica].get();
    }

    void awaitReady(int replica) throws IOException {
        ReplicaProcess r = replicas.get(replica);
        try {
            // Generous: with the simulated trust profile a replica derives RSA-4096 roots at start (about 6 s of CPU),
            // which takes minutes on a shared, overloaded machine.
            Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250)).until(r::ready);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("replica " + replica + " did not become ready:\n" + r.log(), e);
        }
    }

    /**
     * For each background job, the live replica that holds its lease according to its own /healthz. Each job has its
     * own lease, so after a takeover two survivors may share the jobs; a job no live replica holds is absent.
     */
    Map<String, Integer> jobHolders() {
        Map<String, Integer> holders = new TreeMap<>();
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaProcess r = replicas.get(i);
            if (!r.alive()) {
                continue;
            }
            try {
                HttpClient http = HttpClient.newBuilder().sslContext(r.tls()).build();
                JsonNode health = ClusterJson.read(http.send(HttpRequest.newBuilder(r.uri("/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode job : health.path("jobs")) {
                    if (job.path("lease").asString().equals("held")) {
                        holders.put(job.path("name").asString(), i);
                    }
                }
            } catch (Exception e) {
                // not answering: holds nothing we can see
            }
        }
        return holders;
    }

    /** The whole log, downloaded through the tiles API of one replica, hashes to its checkpoint signed by the log key. */
    void assertLedgerAudits(int through) throws IOException {
        ReplicaProcess reader = replicas.get(through);
        CliRun audit = CliRun.of("ledger", "audit", "https://127.0.0.1:" + reader.uri("/").getPort(), "--ca",
                reader.ca().toString(), "--key", ledgerVerifierKey(), "--progress", "0");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
    }

    /** The load balancer's health checks, every 200 ms: {@code /readyz} must answer 200. */
    private void checkHealth() {
        while (!closed) {
            for (int i = 0; i < SIZE; i++) {
                up[i].set(replicas.get(i).ready());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ReplicaProcess r : replicas) {
            r.close();
        }
    }

    /** Jackson through the server's mapper. */
    static final class ClusterJson {
        private ClusterJson() {}

        static JsonNode read(String text) {
            return dev.trustplane.server.http.Json.MAPPER.readTree(text);
        }
    }
}
