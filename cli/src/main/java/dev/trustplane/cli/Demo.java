package dev.trustplane.cli;

import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.KeyReleaseAgent;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.agent.evidence.SimulatedTee;
import dev.trustplane.agent.TrustplaneClient;
import dev.trustplane.agent.envelope.EnvelopeException;
import dev.trustplane.agent.envelope.Envelopes;
import dev.trustplane.agent.envelope.KeyEncryptionKey;
import dev.trustplane.ledger.NoteVerifier;
import dev.trustplane.ledger.ReceiptVerifier;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * The confidential PostgreSQL flow, end to end and for real — only the TEE is simulated:
 * <ol>
 * <li>a Trustplane server in this process (simulated trust profile, temporary data dir);</li>
 * <li>a real PostgreSQL (embedded, or {@code --pg});</li>
 * <li>the data owner creates {@code sales-kek}, an exportable AES-256 key whose release policy says "SEV-SNP, debug
 * off, this launch measurement, from this verifier";</li>
 * <li>the data owner loads {@code sales(id, region, amount)} with each amount envelope-encrypted: a data key per row,
 * wrapped by the server's {@code wrapkey} under {@code sales-kek}, associated data {@code sales/ID/amount};</li>
 * <li>(a) a genuine simulated CVM attests, obtains {@code sales-kek} by secure key release, decrypts the amounts,
 * sums them per region and writes the result encrypted; (b) a debug-enabled CVM and (c) one with another
 * measurement are refused, each with the failed condition;</li>
 * <li>the three decisions are read back from the ledger and their receipts verified offline.</li>
 * </ol>
 */
final class Demo {
    static final String KEY = "sales-kek";
    static final byte[] MEASUREMENT = HexFormat.of().parseHex("5a".repeat(48));
    static final List<String> REGIONS = List.of("ams", "fra", "lon", "par", "mad", "mil", "sto", "war");

    /** One step's outcome. */
    record Step(String name, boolean ok, long millis, String detail) {}

    /** All steps; ok when every step was. */
    record Report(List<Step> steps) {
        boolean ok() {
            return steps.stream().allMatch(Step::ok);
        }

        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", ok());
            out.put("steps", steps.stream().map(s -> Map.of("name", s.name(), "ok", s.ok(), "millis", s.millis(),
                    "detail", s.detail())).toList());
            return out;
        }
    }

    @FunctionalInterface
    interface Body {
        String run() throws Exception;
    }

    private final String pgUrl;
    private final int rows;
    private final Consumer<String> out;
    private final List<Step> steps = new ArrayList<>();
    private TrustplaneServer server;
    private Object embeddedPg;
    private String base;
    private String admin;
    private HttpClient http;
    private SSLContext tls;
    private ReleaseResponseTrust trust;
    private Path dataDir;
    private Connection db;
    private final Map<String, Long> expectedTotals = new TreeMap<>();

    Demo(String pgUrl, int rows, Consumer<String> out) {
        this.pgUrl = pgUrl;
        this.rows = rows;
        this.out = out;
    }

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("trustplane-demo");
        dataDir = dir.resolve("data");
        try {
            step("Start a Trustplane server (simulated TEE trust, temporary data dir)", this::startServer);
            step("Start PostgreSQL", this::startPostgres);
            step("Create sales-kek with a release policy: SEV-SNP, debug off, measurement 5a5a…, from this verifier",
                    this::createKey);
            step("Load " + rows + " sales rows with envelope-encrypted amounts", this::loadTable);
            step("(a) Genuine CVM: attest, release sales-kek, decrypt, aggregate, write the encrypted result",
                    this::genuineWorkload);
            step("(b) Debug-enabled CVM is refused", () -> refused(SimulatedTee.snp().withMeasurement(MEASUREMENT).withDebug(true),
                    "x-ms-sevsnpvm-is-debuggable"));
            step("(c) CVM with another launch measurement is refused",
                    () -> refused(SimulatedTee.snp().withMeasurement(HexFormat.of().parseHex("66".repeat(48))),
                            "x-ms-sevsnpvm-launchmeasurement"));
            step("Read the three decisions from the ledger and verify their receipts offline", this::ledger);
        } finally {
            close(dir);
        }
        Report report = new Report(List.copyOf(steps));
        out.accept(report.ok() ? "\nAll steps behaved as described." : "\nSome steps did not behave as described.");
        return report;
    }

    private void step(String name, Body body) {
        if (!steps.isEmpty() && !steps.getLast().ok() && steps.size() < 5) {
            steps.add(new Step(name, false, 0, "skipped: an earlier step failed"));
            out.accept(String.format("[skip] %s", name));
            return;
        }
        long start = System.nanoTime();
        Step s;
        try {
            s = new Step(name, true, (System.nanoTime() - start) / 1_000_000, body.run());
            s = new Step(name, true, (System.nanoTime() - start) / 1_000_000, s.detail());
        } catch (Exception | AssertionError e) {
            s = new Step(name, false, (System.nanoTime() - start) / 1_000_000, String.valueOf(e.getMessage()));
        }
        steps.add(s);
        out.accept(String.format("[%s] %s (%d ms)%n       %s", s.ok() ? " ok " : "FAIL", name, s.millis(), s.detail()));
    }

    private String startServer() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir).withSimulatedTrust(true), List.of());
        base = "https://127.0.0.1:" + server.port();
        admin = AdminToken.read(dataDir.resolve(AdminToken.FILE));
        tls = ApiClient.trusting(server.caCertificate());
        trust = AgentCommand.trustAnchoredAt(server.caCertificate());
        http = HttpClient.newBuilder().sslContext(tls).build();
        return "listening on " + base + "; attestation trusts the simulator's roots";
    }

    private String startPostgres() throws Exception {
        if (pgUrl != null) {
            String jdbc = pgUrl.startsWith("jdbc:") ? pgUrl : "jdbc:" + pgUrl;
            db = DriverManager.getConnection(jdbc);
            return "connected to " + URI.create(jdbc.substring(5)).getHost();
        }
        var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
        embeddedPg = pg;
        db = pg.getPostgresDatabase().getConnection();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "embedded PostgreSQL " + rs.getString(1) + " on port " + pg.getPort();
        }
    }

    private String createKey() throws Exception {
        String policy = "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + base + "\",\"allOf\":["
                + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"},"
                + "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false},"
                + "{\"claim\":\"x-ms-sevsnpvm-launchmeasurement\",\"equals\":\"" + "5a".repeat(48) + "\"}]}]}";
        JsonNode key = call("POST", "/keys/" + KEY + "/create?api-version=7.6", "{\"kty\":\"oct-HSM\",\"key_size\":256,"
                + "\"attributes\":{\"exportable\":true},\"release_policy\":{\"data\":\"" + b64(policy.getBytes(StandardCharsets.UTF_8))
                + "\"}}");
        return "created " + key.path("key").path("kid").asString() + " (exportable, policy of 3 conditions)";
    }

    private String loadTable() throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE IF EXISTS demo_sales");
            st.execute("DROP TABLE IF EXISTS demo_results");
            st.execute("CREATE TABLE demo_sales (id INT PRIMARY KEY, region TEXT NOT NULL, amount BYTEA NOT NULL)");
            st.execute("CREATE TABLE demo_results (run TEXT PRIMARY KEY, result BYTEA NOT NULL)");
        }
        String version = call("GET", "/keys/" + KEY + "/?api-version=7.6", null).path("key").path("kid").asString()
                .replaceAll(".*/", "");
        var wrapper = new Envelopes.RemoteA256KW() {
            @Override
            public String keyId() {
                return KEY + "/" + version;
            }

            @Override
            public byte[] wrap(byte[] dataKey) throws EnvelopeException {
                try {
                    JsonNode r = call("POST", "/keys/" + KEY + "/" + version + "/wrapkey?api-version=7.6",
                            "{\"alg\":\"A256KW\",\"value\":\"" + b64(dataKey) + "\"}");
                    return Base64.getUrlDecoder().decode(r.path("value").asString());
                } catch (Exception e) {
                    throw new EnvelopeException("wrapkey failed: " + e.getMessage(), e);
                }
            }
        };
        Random random = new Random(2026);
        List<Object[]> data = new ArrayList<>();
        for (int id = 1; id <= rows; id++) {
            String region = REGIONS.get(id % REGIONS.size());
            long cents = 1_000 + random.nextInt(500_000);
            expectedTotals.merge(region, cents, Long::sum);
            data.add(new Object[] {id, region, cents});
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> sealed = new ArrayList<>();
            for (Object[] row : data) {
                sealed.add(pool.submit(() -> Envelopes.encrypt(wrapper, Long.toString((long) row[2]).getBytes(StandardCharsets.UTF_8),
                        ("sales/" + row[0] + "/amount").getBytes(StandardCharsets.UTF_8))));
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO demo_sales (id, region, amount) VALUES (?, ?, ?)")) {
                for (int i = 0; i < data.size(); i++) {
                    ps.setInt(1, (int) data.get(i)[0]);
                    ps.setString(2, (String) data.get(i)[1]);
                    ps.setBytes(3, sealed.get(i).get());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } finally {
            pool.shutdownNow();
        }
        return rows + " rows; each amount under its own data key, wrapped by " + KEY + "/" + version
                + " through the server's wrapkey (the data owner never holds " + KEY + ")";
    }

    private KeyReleaseAgent agent(SimulatedTee tee) throws Exception {
        var client = new TrustplaneClient(URI.create(base), URI.create(base), tls, () -> admin);
        return new KeyReleaseAgent(tee, client, trust, KEY, Optional.empty());
    }

    private String genuineWorkload() throws Exception {
        ReleasedKey released = agent(SimulatedTee.snp().withMeasurement(MEASUREMENT)).obtain();
        KeyEncryptionKey kek = KeyEncryptionKey.of(released);
        Map<String, Long> totals = new TreeMap<>();
        int decrypted = 0;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, region, amount FROM demo_sales")) {
            while (rs.next()) {
                byte[] plain = Envelopes.decrypt(kek, rs.getBytes(3), ("sales/" + rs.getInt(1) + "/amount").getBytes(StandardCharsets.UTF_8));
                totals.merge(rs.getString(2), Long.parseLong(new String(plain, StandardCharsets.UTF_8)), Long::sum);
                java.util.Arrays.fill(plain, (byte) 0);
                decrypted++;
            }
        }
        if (!totals.equals(expectedTotals)) {
            throw new IllegalStateException("the aggregate differs from the data owner's totals");
        }
        byte[] result = Json.MAPPER.writeValueAsBytes(totals);
        String run = "run-" + System.currentTimeMillis();
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO demo_results (run, result) VALUES (?, ?)")) {
            ps.setString(1, run);
            ps.setBytes(2, Envelopes.encrypt(kek, result, ("results/" + run).getBytes(StandardCharsets.UTF_8)));
            ps.executeUpdate();
        }
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        return "released " + released.kid() + "; decrypted " + decrypted + " amounts in memory; " + totals.size()
                + " regional totals (sum " + total / 100 + "." + String.format("%02d", total % 100)
                + ") match the data owner's; result stored encrypted as " + run;
    }

    private String refused(SimulatedTee tee, String expectedClaim) throws Exception {
        try {
            agent(tee).obtain();
        } catch (AgentException e) {
            if (!e.getMessage().contains(expectedClaim)) {
                throw new IllegalStateException("refused, but not for " + expectedClaim + ": " + e.getMessage());
            }
            return e.getMessage();
        }
        throw new IllegalStateException("the key was released — the policy should have refused it");
    }

    private String ledger() throws Exception {
        String[] checkpoint = get("/ledger/checkpoint", false).split("\n");
        long size = Long.parseLong(checkpoint[1]);
        NoteVerifier key = NoteVerifier.parse(get("/ledger/key", false).strip());
        List<String> verdicts = new ArrayList<>();
        for (long i = size - 1; i >= 0 && verdicts.size() < 3; i--) {
            JsonNode entry = Json.MAPPER.readTree(get("/ledger/entries/" + i, true));
            JsonNode record = Json.MAPPER.readTree(Base64.getDecoder().decode(entry.path("contents").asString()));
            if (!"key.release".equals(record.path("type").asString()) || !KEY.equals(record.path("key").asString())) {
                continue;
            }
            ReceiptVerifier.Result r = ReceiptVerifier.verify(get("/ledger/entries/" + i + "/receipt", true), key);
            if (!r.ok()) {
                throw new IllegalStateException("receipt of entry " + i + " does not verify: " + r.message());
            }
            verdicts.add(0, "#" + i + " " + record.path("verdict").asString());
        }
        if (verdicts.size() != 3 || !verdicts.get(0).endsWith("released") || !verdicts.get(1).endsWith("denied")
                || !verdicts.get(2).endsWith("denied")) {
            throw new IllegalStateException("expected released, denied, denied; found " + verdicts);
        }
        return String.join(", ", verdicts) + " — each receipt verified against the checkpoint key " + key.name();
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path.replaceAll("\\?.*", "") + " answered " + res.statusCode()
                    + ": " + res.body());
        }
        return Json.MAPPER.readTree(res.body());
    }

    private String get(String path, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (auth) {
            b.header("Authorization", "Bearer " + admin);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + res.statusCode());
        }
        return res.body();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void close(Path dir) {
        try {
            if (db != null) {
                db.close();
            }
        } catch (Exception e) {
            out.accept("note: closing the PostgreSQL connection failed: " + e.getMessage());
        }
        if (embeddedPg instanceof AutoCloseable pg) {
            try {
                pg.close();
            } catch (Exception e) {
                out.accept("note: stopping PostgreSQL failed: " + e.getMessage());
            }
        }
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            out.accept("note: could not remove " + dir);
        }
    }
}
