package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import dev.trustplane.store.testing.TestStores;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three {@code trustplane serve} processes on one PostgreSQL database behind a client-side load balancer, under
 * concurrent creates, signs and ledger appends, while the replica that runs the background jobs is killed with
 * SIGKILL and restarted. Afterwards: every acknowledged key version and ledger entry is there, no key has two
 * versions with one sequence number, the whole log audits against its signed checkpoint, a survivor took the
 * background jobs over, and the only client errors were connection failures to the killed replica.
 */
class ReplicasKillTest {
    private static final String KEYS_API = "?api-version=7.6";
    private static final String LEDGER_API = "?api-version=2022-05-13";
    private static final int CLIENTS = 6;

    @TempDir
    Path dir;

    private final List<ReplicaProcess> replicas = new ArrayList<>();
    private AtomicBoolean[] up;
    private final AtomicInteger ioErrorsOnKilled = new AtomicInteger();
    private final Queue<String> unexpectedErrors = new ConcurrentLinkedQueue<>();
    private final Map<String, String> ackedVersions = new ConcurrentHashMap<>(); // version id -> key name
    private final Map<String, String> ackedEntries = new ConcurrentHashMap<>(); // transaction id -> contents
    private final AtomicInteger signs = new AtomicInteger();
    private volatile int killed = -1;

    @Test
    void killing_the_job_holder_under_load_loses_no_acknowledged_write() throws Exception {
        StoreUrl url = TestStores.freshPostgresUrl();
        String store = TestStores.parseableLocation(url);
        Path first = dir.resolve("replica-0");
        try {
            replicas.add(new ReplicaProcess(first, store, dir, "replica-0").start());
            await(0, Duration.ofSeconds(90));
            for (int i = 1; i < 3; i++) {
                Path copy = dir.resolve("replica-" + i);
                copyDir(first, copy); // a copy of one replica's data dir + the same store = another replica
                replicas.add(new ReplicaProcess(copy, store, dir, "replica-" + i).start());
            }
            await(1, Duration.ofSeconds(90));
            await(2, Duration.ofSeconds(90));
            assertThat(leaseHolderIndex()).as("the first replica claimed the job leases").isZero();
            up = new AtomicBoolean[] {new AtomicBoolean(true), new AtomicBoolean(true), new AtomicBoolean(true)};
            String admin = Files.readString(first.resolve("admin.token")).trim();

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> load(client, admin, stop)));
            }
            pool.submit(() -> healthChecks(stop));
            Thread.sleep(3000);

            killed = 0;
            replicas.get(0).kill();
            long killedAt = System.nanoTime();
            // A survivor takes the jobs over once the dead holder's lease lapses (3 s here).
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> leaseHolderIndex() > 0);
            double takeover = (System.nanoTime() - killedAt) / 1e9;

            replicas.get(0).start(); // the same data dir and port: it rejoins
            await(0, Duration.ofSeconds(90));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> up[0].get());
            Thread.sleep(2000); // load on all three again
            stop.set(true);
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdownNow();

            System.out.printf("replicas: %d versions and %d ledger entries acknowledged, %d signatures, jobs taken over "
                    + "after %.1f s, %d client connection errors to the killed replica%n", ackedVersions.size(),
                    ackedEntries.size(), signs.get(), takeover, ioErrorsOnKilled.get());
            assertThat(unexpectedErrors).as("errors other than connection failures to the killed replica").isEmpty();
            assertThat(ackedVersions).hasSizeGreaterThan(20);
            assertThat(ackedEntries).hasSizeGreaterThan(20);
            assertThat(signs.get()).isPositive();
            assertNothingLost(url);
            assertLedgerAudits();
        } finally {
            for (ReplicaProcess r : replicas) {
                r.close();
            }
        }
    }

    /** One client: creates a version of its key, signs with it, appends to the ledger, round-robin over live replicas. */
    private void load(int client, String admin, AtomicBoolean stop) {
        HttpClient[] http = new HttpClient[3];
        try {
            for (int i = 0; i < 3; i++) {
                http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(replicas.get(i).tls())
                        .connectTimeout(Duration.ofSeconds(3)).build();
            }
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
        String name = "ha-" + client;
        String version = null;
        for (int n = 0; !stop.get(); n++) {
            int target = pick(client + n);
            try {
                switch (n % 3) {
                    case 0 -> {
                        var res = send(http[target], target, "/keys/" + name + "/create" + KEYS_API, admin,
                                "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
                        if (res != null) {
                            String kid = Json.read(res.body()).path("key").path("kid").asString();
                            version = kid.substring(kid.lastIndexOf('/') + 1);
                            assertThat(ackedVersions.putIfAbsent(version, name)).as("version id issued twice").isNull();
                        }
                    }
                    case 1 -> {
                        if (version != null) {
                            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("m" + n).getBytes(StandardCharsets.UTF_8));
                            var res = send(http[target], target, "/keys/" + name + "/" + version + "/sign" + KEYS_API, admin,
                                    "{\"alg\":\"ES256\",\"value\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"}");
                            if (res != null) {
                                signs.incrementAndGet();
                            }
                        }
                    }
                    default -> {
                        String contents = "client " + client + " entry " + n;
                        var res = send(http[target], target, "/app/transactions" + LEDGER_API, admin,
                                "{\"contents\":\"" + contents + "\"}");
                        if (res != null) {
                            ackedEntries.put(res.headers().firstValue("x-ms-ccf-transaction-id").orElseThrow(), contents);
                        }
                    }
                }
            } catch (Exception e) {
                unexpectedErrors.add(e.toString());
            }
        }
    }

    /** The response when acknowledged (2xx); null after a connection failure, which marks the replica down. */
    private HttpResponse<String> send(HttpClient http, int target, String path, String token, String body) throws InterruptedException {
        HttpResponse<String> res;
        try {
            res = http.send(HttpRequest.newBuilder(replicas.get(target).uri(path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            up[target].set(false);
            if (target == killed) {
                ioErrorsOnKilled.incrementAndGet();
            } else {
                unexpectedErrors.add("replica " + target + " " + path + ": " + e);
            }
            return null;
        }
        if (res.statusCode() / 100 != 2) {
            unexpectedErrors.add("replica " + target + " " + path + ": HTTP " + res.statusCode() + " " + res.body());
            return null;
        }
        return res;
    }

    /** The load balancer's choice: round-robin over the replicas its health checks consider up. */
    private int pick(int seed) {
        for (int i = 0; i < 3; i++) {
            int candidate = Math.floorMod(seed + i, 3);
            if (up[candidate].get()) {
                return candidate;
            }
        }
        return Math.floorMod(seed, 3);
    }

    /** The load balancer's health checks: a replica is back in rotation once {@code /readyz} answers 200. */
    private void healthChecks(AtomicBoolean stop) {
        while (!stop.get()) {
            for (int i = 0; i < 3; i++) {
                if (!up[i].get() && replicas.get(i).ready()) {
                    up[i].set(true);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Which live replica holds both job leases according to its own /healthz, -1 if none does. */
    private int leaseHolderIndex() {
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaProcess r = replicas.get(i);
            if (!r.alive()) {
                continue;
            }
            try {
                HttpClient http = HttpClient.newBuilder().sslContext(r.tls()).build();
                JsonNode health = Json.read(http.send(HttpRequest.newBuilder(r.uri("/healthz")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                boolean all = true;
                for (JsonNode job : health.path("jobs")) {
                    all &= job.path("lease").asString().equals("held");
                }
                if (all && !health.path("jobs").isEmpty()) {
                    return i;
                }
            } catch (Exception e) {
                // not answering: not the holder
            }
        }
        return -1;
    }

    private void assertNothingLost(StoreUrl url) throws Exception {
        try (Store db = Store.open(url, dir)) {
            List<String> stored = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM kms_key_versions WHERE name LIKE 'ha-%'").mapTo(String.class).list());
            assertThat(stored).as("every acknowledged key version is stored").containsAll(ackedVersions.keySet());
            long duplicates = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT name, seq FROM "
                    + "kms_key_versions GROUP BY name, seq HAVING COUNT(*) > 1) d").mapTo(Long.class).one());
            assertThat(duplicates).as("key versions sharing a sequence number").isZero();
        }
        ReplicaProcess reader = replicas.get(1);
        HttpClient http = HttpClient.newBuilder().sslContext(reader.tls()).build();
        String admin = Files.readString(dir.resolve("replica-0/admin.token")).trim();
        for (var entry : ackedEntries.entrySet()) {
            var res = http.send(HttpRequest.newBuilder(reader.uri("/app/transactions/" + entry.getKey() + LEDGER_API))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as("acknowledged transaction %s", entry.getKey()).isEqualTo(200);
            assertThat(Json.read(res.body()).path("entry").path("contents").asString()).isEqualTo(entry.getValue());
        }
    }

    /** The whole log, downloaded through the tiles API of a replica, hashes to its checkpoint signed by the log key. */
    private void assertLedgerAudits() throws Exception {
        ReplicaProcess reader = replicas.get(2);
        String key = Files.readString(dir.resolve("replica-0/ledger/verifier-key")).strip();
        CliRun audit = CliRun.of("ledger", "audit", "https://127.0.0.1:" + reader.uri("/").getPort(), "--ca",
                reader.ca().toString(), "--key", key, "--progress", "0");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
    }

    private void await(int replica, Duration limit) throws IOException {
        ReplicaProcess r = replicas.get(replica);
        try {
            Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(r::ready);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("replica " + replica + " did not become ready:\n" + r.log(), e);
        }
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("trustplane.db")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Jackson through the server's mapper. */
    private static final class Json {
        static JsonNode read(String text) {
            return dev.trustplane.server.http.Json.MAPPER.readTree(text);
        }
    }
}
