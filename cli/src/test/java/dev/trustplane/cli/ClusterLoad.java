package dev.trustplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreUrl;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Concurrent clients of a {@link ReplicaCluster}, each sending one request at a time to the replica the load
 * balancer picks: four raw HTTPS clients creating key versions, signing and appending to the ledger; one workload
 * attesting simulated SEV-SNP evidence at the replicas' {@code /attest/SevSnpVm} and releasing an exportable key
 * with the token (Secure Key Release); one client on the official Azure SDK ({@link SdkClient}). It remembers
 * every acknowledged write and every failure, with when the failed request started and ended, so that tests
 * can check afterwards that nothing acknowledged was lost and that failures fell where they were allowed.
 */
final class ClusterLoad implements AutoCloseable {
    static final String KEYS_API = "?api-version=7.6";
    static final String LEDGER_API = "?api-version=2022-05-13";
    static final String RELEASABLE = "ha-release";
    static final String LEDGER_ENTRY_HEADER = "x-trustplane-ledger-entry";
    private static final int RAW_CLIENTS = 4;

    /**
     * A request that was not acknowledged. {@code kind} is "connection failure", or the HTTP status with the error
     * code of the answer (e.g. "HTTP 503 ServiceUnavailable").
     */
    record ClientError(long startedNanos, long endedNanos, int replica, String kind, String what) {
        boolean connection() {
            return kind.equals(CONNECTION_FAILURE);
        }

        @Override
        public String toString() {
            return "replica " + replica + ": " + what;
        }
    }

    static final String CONNECTION_FAILURE = "connection failure";
    private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    final ReplicaCluster cluster;
    final String admin;
    final Map<String, String> ackedVersions = new ConcurrentHashMap<>(); // version id -> key name
    final Map<String, String> ackedEntries = new ConcurrentHashMap<>(); // transaction id -> contents
    final Map<Long, String> ackedReleases = new ConcurrentHashMap<>(); // ledger index of the decision -> key name
    final AtomicInteger signs = new AtomicInteger();
    final AtomicInteger attestations = new AtomicInteger();
    final Queue<ClientError> errors = new ConcurrentLinkedQueue<>();
    /** Anything else that went wrong in a client: a version id issued twice, an answer that does not parse. */
    final Queue<String> anomalies = new ConcurrentLinkedQueue<>();
    final String releasableVersion;
    private final String attestBody;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool = Executors.newFixedThreadPool(RAW_CLIENTS + 2);
    private final List<Future<?>> clients = new ArrayList<>();
    private volatile String token;

    private ClusterLoad(ReplicaCluster cluster) throws Exception {
        this.cluster = cluster;
        this.admin = cluster.adminToken();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] runtime = ("{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) generator.generateKeyPair().getPublic())
                .keyID("transfer-1").keyUse(KeyUse.ENCRYPTION).build().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
        // One piece of evidence for the whole run: MAA's SEV-SNP attestation asks for no freshness without a nonce.
        this.attestBody = MaaSnpRequest.body(SnpSimulator.standard().generate(
                new SnpSpec().reportData(MaaSnpRequest.reportDataFor(runtime))), runtime);
        this.releasableVersion = createReleasableKey();
        this.token = attest(0);
        assertThat(token).as("first attestation: " + errors).isNotNull();
    }

    /** Creates the releasable key and starts every client. */
    static ClusterLoad start(ReplicaCluster cluster) throws Exception {
        ClusterLoad load = new ClusterLoad(cluster);
        for (int c = 0; c < RAW_CLIENTS; c++) {
            int client = c;
            load.clients.add(load.pool.submit(() -> load.writes(client)));
        }
        load.clients.add(load.pool.submit(load::releases));
        SdkClient sdk = new SdkClient(load);
        load.clients.add(load.pool.submit(sdk::run));
        return load;
    }

    boolean stopping() {
        return stop.get();
    }

    /** Stops the clients and waits for their last requests. */
    void stop() throws Exception {
        stop.set(true);
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdownNow();
    }

    /** Stops the clients without waiting, when a test fails before {@link #stop}: none may outlive the test. */
    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
    }

    /** Writes acknowledged so far: key versions, ledger entries and releases. */
    int acknowledged() {
        return ackedVersions.size() + ackedEntries.size() + ackedReleases.size();
    }

    String summary() {
        Map<String, Long> byKind = errors.stream().collect(Collectors.groupingBy(ClientError::kind, TreeMap::new,
                Collectors.counting()));
        return String.format("%d key versions, %d ledger entries and %d key releases acknowledged, %d signatures, "
                + "%d attestations; %d client errors %s", ackedVersions.size(), ackedEntries.size(), ackedReleases.size(),
                signs.get(), attestations.get(), errors.size(), byKind);
    }

    /** One raw client: creates a version of its key, signs with it, appends to the ledger. */
    private void writes(int client) {
        HttpClient[] http = httpClients();
        String name = "ha-" + client;
        String version = null;
        for (int n = 0; !stop.get(); n++) {
            int target = cluster.pick(client + n);
            try {
                switch (n % 3) {
                    case 0 -> {
                        var res = send(http, target, "/keys/" + name + "/create" + KEYS_API, admin, "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
                        if (res != null) {
                            String kid = ReplicaCluster.ClusterJson.read(res.body()).path("key").path("kid").asString();
                            version = kid.substring(kid.lastIndexOf('/') + 1);
                            versionAcknowledged(version, name);
                        }
                    }
                    case 1 -> {
                        if (version != null) {
                            String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                                    .getInstance("SHA-256").digest(("m" + n).getBytes(StandardCharsets.UTF_8)));
                            if (send(http, target, "/keys/" + name + "/" + version + "/sign" + KEYS_API, admin,
                                    "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}") != null) {
                                signs.incrementAndGet();
                            }
                        }
                    }
                    default -> {
                        String contents = "client " + client + " entry " + n;
                        var res = send(http, target, "/app/transactions" + LEDGER_API, admin, "{\"contents\":\"" + contents + "\"}");
                        if (res != null) {
                            ackedEntries.put(res.headers().firstValue("x-ms-ccf-transaction-id").orElseThrow(), contents);
                        }
                    }
                }
            } catch (Exception | AssertionError e) {
                anomalies.add(e.toString());
            }
        }
    }

    /** The workload: re-attests now and then at the replica it is sent to, and releases the key with its token. */
    private void releases() {
        HttpClient[] http = httpClients();
        for (int n = 0; !stop.get(); n++) {
            int target = cluster.pick(n);
            try {
                if (n % 4 == 0) {
                    String fresh = attest(target);
                    token = fresh == null ? token : fresh;
                } else {
                    var res = send(http, target, "/keys/" + RELEASABLE + "/release" + KEYS_API, admin,
                            "{\"target\":\"" + token + "\"}");
                    if (res != null) {
                        releaseAcknowledged(res.headers().firstValue(LEDGER_ENTRY_HEADER).orElseThrow());
                    }
                }
            } catch (Exception | AssertionError e) {
                anomalies.add(e.toString());
            }
        }
    }

    /** A token from the replica's own attestation service (its issuer is that replica's address), or null. */
    String attest(int replica) throws InterruptedException {
        var res = send(httpClients(), replica, "/attest/SevSnpVm?api-version=2022-08-01", null, attestBody);
        if (res == null) {
            return null;
        }
        attestations.incrementAndGet();
        return ReplicaCluster.ClusterJson.read(res.body()).path("token").asString();
    }

    String token() {
        return token;
    }

    void versionAcknowledged(String version, String name) {
        assertThat(ackedVersions.putIfAbsent(version, name)).as("version id issued twice").isNull();
    }

    void releaseAcknowledged(String ledgerIndex) {
        ackedReleases.put(Long.parseLong(ledgerIndex), RELEASABLE);
    }

    void connectionFailed(long startedNanos, int replica, String what) {
        cluster.connectionFailed(replica);
        errors.add(new ClientError(startedNanos, System.nanoTime(), replica, CONNECTION_FAILURE, what));
    }

    /** {@code text} is the answer's body, or a message containing it. */
    void refused(long startedNanos, int replica, int status, String what, String text) {
        Matcher code = ERROR_CODE.matcher(text);
        String kind = "HTTP " + status + (code.find() ? " " + code.group(1) : "");
        errors.add(new ClientError(startedNanos, System.nanoTime(), replica, kind, what + ": " + kind + " " + text));
    }

    /** The response when acknowledged (2xx); null after a failure, which is recorded. */
    private HttpResponse<String> send(HttpClient[] http, int target, String path, String bearer, String body)
            throws InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> res;
        try {
            var request = HttpRequest.newBuilder(cluster.replica(target).uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            res = http[target].send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            connectionFailed(started, target, path + ": " + e);
            return null;
        }
        if (res.statusCode() / 100 != 2) {
            refused(started, target, res.statusCode(), path, res.body());
            return null;
        }
        return res;
    }

    private HttpClient[] httpClients() {
        HttpClient[] http = new HttpClient[ReplicaCluster.SIZE];
        for (int i = 0; i < http.length; i++) {
            try {
                http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(cluster.replica(i).tls())
                        .connectTimeout(Duration.ofSeconds(3)).build();
            } catch (UsageException e) {
                throw new IllegalStateException(e);
            }
        }
        return http;
    }

    /**
     * An exportable AES key whose release policy admits this run's simulated SEV-SNP VM when any of the replicas
     * attested it: a token's issuer is the address the workload reached its attestation service at.
     */
    private String createReleasableKey() throws Exception {
        List<String> authorities = new ArrayList<>();
        for (int i = 0; i < ReplicaCluster.SIZE; i++) {
            authorities.add("{\"authority\":\"https://127.0.0.1:" + cluster.replica(i).uri("/").getPort() + "\",\"allOf\":["
                    + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"},"
                    + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}]}");
        }
        String policy = "{\"version\":\"1.0.0\",\"anyOf\":[" + String.join(",", authorities) + "]}";
        String body = "{\"kty\":\"oct-HSM\",\"key_size\":256,\"attributes\":{\"exportable\":true},\"release_policy\":"
                + "{\"data\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(policy.getBytes(StandardCharsets.UTF_8)) + "\"}}";
        var res = send(httpClients(), 0, "/keys/" + RELEASABLE + "/create" + KEYS_API, admin, body);
        assertThat(res).as("the releasable key: " + errors).isNotNull();
        String kid = ReplicaCluster.ClusterJson.read(res.body()).path("key").path("kid").asString();
        String version = kid.substring(kid.lastIndexOf('/') + 1);
        versionAcknowledged(version, RELEASABLE);
        return version;
    }

    /**
     * After the load: every acknowledged key version is stored, no key has two versions with one sequence number,
     * every acknowledged ledger entry reads back with its contents, every acknowledged release is on the ledger as a
     * {@code key.release} decision, and the whole log audits against its signed checkpoint.
     */
    void assertNothingLost(StoreUrl url, Path scratch) throws Exception {
        assertThat(anomalies).as("anomalies seen by the clients").isEmpty();
        try (Store db = Store.open(url, scratch)) {
            List<String> stored = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM kms_key_versions WHERE name LIKE 'ha-%'").mapTo(String.class).list());
            assertThat(stored).as("every acknowledged key version is stored").containsAll(ackedVersions.keySet());
            long duplicates = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT name, seq FROM "
                    + "kms_key_versions GROUP BY name, seq HAVING COUNT(*) > 1) d").mapTo(Long.class).one());
            assertThat(duplicates).as("key versions sharing a sequence number").isZero();
        }
        ReplicaProcess reader = cluster.replica(1);
        HttpClient http = HttpClient.newBuilder().sslContext(reader.tls()).build();
        for (var entry : ackedEntries.entrySet()) {
            JsonNode read = get(http, reader, "/app/transactions/" + entry.getKey() + LEDGER_API);
            assertThat(read.path("entry").path("contents").asString()).as("transaction %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        for (var release : ackedReleases.entrySet()) {
            JsonNode entry = get(http, reader, "/ledger/entries/" + release.getKey());
            JsonNode record = ReplicaCluster.ClusterJson.read(new String(Base64.getDecoder().decode(
                    entry.path("contents").asString()), StandardCharsets.UTF_8));
            assertThat(record.path("type").asString()).as("ledger entry %d", release.getKey()).isEqualTo("key.release");
            assertThat(record.path("key").asString()).isEqualTo(release.getValue());
            assertThat(record.path("verdict").asString()).isEqualTo("released");
        }
        cluster.assertLedgerAudits(2);
    }

    private JsonNode get(HttpClient http, ReplicaProcess reader, String path) throws Exception {
        var res = http.send(HttpRequest.newBuilder(reader.uri(path)).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
        return ReplicaCluster.ClusterJson.read(res.body());
    }
}
