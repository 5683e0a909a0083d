package dev.trustplane.bench;

import dev.trustplane.common.PemCertificates;
import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.KeyReleaseAgent;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.agent.TrustplaneClient;
import dev.trustplane.agent.evidence.SimulatedTee;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The workload agent (issue 10): cold start to the first released key, and warm refresh latency, each against the
 * server-side time of the same requests.
 *
 * <p><b>Cold start</b>: a fresh JVM ({@link ColdStart}, on this benchmark's class path) that does what
 * {@code trustplane agent release} does with {@code --tee sim}: install the crypto providers, generate the
 * RSA-2048 transfer key, collect simulated SNP evidence, {@code POST /attest/SevSnpVm}, {@code POST
 * /keys/{name}/release}, validate the response's chain and signature and unwrap the key. Measured from
 * {@code ProcessBuilder.start()} in this process to the child's line saying the key is in memory.
 *
 * <p><b>Warm refresh</b>: the same {@link KeyReleaseAgent#obtain()} in this (warmed) JVM, one call at a time, as
 * {@code RefreshingKey} runs it on schedule.
 *
 * <p><b>Server side</b>: the server's own request timer ({@code http_server_requests_seconds} on
 * {@code /metrics}, Helidon filter to response; TLS handshakes and the network not included), read before and
 * after each measurement, for the attest and the release calls. The gap between the agent's figure and the
 * server-side sum is the agent's own cost: JVM start and class loading (cold), TLS handshakes, transfer-key
 * generation, evidence, response checks.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java --enable-native-access=ALL-UNNAMED
 * -cp bench/target/benchmarks.jar dev.trustplane.bench.AgentBenchmark [cold=10] [warm=200]}
 */
public final class AgentBenchmark {
    private static final Pattern TIMER = Pattern.compile(
            "http_server_requests_seconds_(count|sum)\\{([^}]*)\\} ([0-9.Ee+-]+)");

    private AgentBenchmark() {}

    public static void main(String[] args) throws Exception {
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        dev.trustplane.evidence.FastCrypto.install(); // as the server does at start
        Path dir = Files.createTempDirectory("agent-bench");
        try (TrustplaneServer server = TrustplaneServer.start(ServerConfig.forTests(dir).withSimulatedTrust(true),
                List.of())) {
            System.out.printf("cpus: %d; load average: %s%n", Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage());
            String base = "https://127.0.0.1:" + server.port();
            SSLContext tls = PemCertificates.trustingOnly(server.caCertificate());
            HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
            String admin = AdminToken.read(dir.resolve(AdminToken.FILE));
            BenchSupport.createReleasableKey(http, base, admin, "\"kty\":\"oct-HSM\",\"key_size\":256");
            Metrics metrics = new Metrics(http, base);

            System.out.println("cold start (fresh JVM → key in memory), ms:");
            System.out.println("run | process start → key | JVM start + loading | simulator roots | obtain | "
                    + "without simulator | server: attest + release | ratio (without simulator / server)");
            List<Double> coldWall = new ArrayList<>();
            List<Double> coldServer = new ArrayList<>();
            for (int i = 1; i <= coldRuns; i++) {
                ServerTime before = metrics.read();
                long start = System.nanoTime();
                double[] child = coldStart(base, server.caCertificate(), dir.resolve(AdminToken.FILE));
                double wall = (System.nanoTime() - start) / 1e6;
                ServerTime spent = metrics.read().minus(before);
                double withoutSim = wall - child[1];
                coldWall.add(withoutSim);
                coldServer.add(spent.totalMillis());
                System.out.printf("%d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f + %.1f = %.1f | %.1f%n", i, wall,
                        wall - child[0], child[1], child[2], withoutSim, spent.attestMillis, spent.releaseMillis,
                        spent.totalMillis(), withoutSim / spent.totalMillis());
            }

            KeyReleaseAgent agent = new KeyReleaseAgent(SimulatedTee.snp(),
                    new TrustplaneClient(URI.create(base), URI.create(base), tls, () -> admin),
                    ReleaseResponseTrust.anchoredAt(PemCertificates.read(server.caCertificate())), "bench", Optional.empty());
            for (int i = 0; i < Math.max(20, warmRuns / 5); i++) {
                agent.obtain(); // warm-up
            }
            List<Double> warm = new ArrayList<>();
            ServerTime before = metrics.read();
            for (int i = 0; i < warmRuns; i++) {
                long start = System.nanoTime();
                agent.obtain();
                warm.add((System.nanoTime() - start) / 1e6);
            }
            ServerTime spent = metrics.read().minus(before);
            double serverPerRefresh = spent.totalMillis() / warmRuns;
            System.out.printf("warm refresh over %d calls, ms: median %.1f, p90 %.1f; server per refresh: attest %.1f"
                    + " + release %.1f = %.1f; ratio (median / server) %.1f%n", warmRuns, percentile(warm, 0.5),
                    percentile(warm, 0.9), spent.attestMillis / warmRuns, spent.releaseMillis / warmRuns,
                    serverPerRefresh, percentile(warm, 0.5) / serverPerRefresh);
            System.out.printf("cold start without the simulator's roots, median: %.0f ms against %.1f ms server-side"
                    + " (ratio %.1f)%n",
                    percentile(coldWall, 0.5), percentile(coldServer, 0.5),
                    percentile(coldWall, 0.5) / percentile(coldServer, 0.5));
        }
    }

    /**
     * Starts {@link ColdStart} in a fresh JVM and waits for the key; returns its milliseconds in main, generating
     * the simulator's roots, and in {@code obtain()}.
     */
    private static double[] coldStart(String base, Path ca, Path tokenFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ColdStart.class.getName(), base, ca.toString(), tokenFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line == null || !line.startsWith("key in memory ")) {
                throw new IllegalStateException("the agent did not release the key: " + line);
            }
            child.waitFor();
            String[] f = line.substring("key in memory ".length()).split(" ");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        }
    }

    /** The child: what {@code trustplane agent release --tee sim} does, up to the key being in memory. */
    public static final class ColdStart {
        private ColdStart() {}

        public static void main(String[] args) throws Exception {
            long enteredMain = System.nanoTime();
            dev.trustplane.evidence.FastCrypto.install(); // as the CLI does
            // The simulator derives its RSA-4096 ARK and ASK keys from a seed on first use: a cost no real TEE has,
            // timed apart so that it can be taken out.
            long simStart = System.nanoTime();
            SimulatedTee sim = SimulatedTee.snp();
            sim.collect(new byte[64]);
            long simEnd = System.nanoTime();
            Path ca = Path.of(args[1]);
            String token = Files.readString(Path.of(args[2])).strip();
            var agent = new KeyReleaseAgent(sim,
                    new TrustplaneClient(URI.create(args[0]), URI.create(args[0]), PemCertificates.trustingOnly(ca), () -> token),
                    ReleaseResponseTrust.anchoredAt(PemCertificates.read(ca)), "bench", Optional.empty());
            long obtainStart = System.nanoTime();
            ReleasedKey key;
            try {
                key = agent.obtain();
            } catch (AgentException e) {
                System.out.println("refused: " + e.getMessage());
                return;
            }
            if (key.key().getEncoded().length != 32) {
                throw new IllegalStateException("expected a 256-bit key");
            }
            long done = System.nanoTime();
            // The parent's wall clock covers JVM start and class loading too.
            System.out.printf(java.util.Locale.ROOT, "key in memory %.1f %.1f %.1f%n", (done - enteredMain) / 1e6,
                    (simEnd - simStart) / 1e6, (done - obtainStart) / 1e6);
            System.out.flush();
        }
    }

    /** Server-side time from the server's request timer, split by API. */
    record ServerTime(double attestMillis, double releaseMillis, long attestCount, long releaseCount) {
        ServerTime minus(ServerTime o) {
            return new ServerTime(attestMillis - o.attestMillis, releaseMillis - o.releaseMillis,
                    attestCount - o.attestCount, releaseCount - o.releaseCount);
        }

        double totalMillis() {
            return attestMillis + releaseMillis;
        }
    }

    /** Reads {@code /metrics} (Prometheus text) for successful POSTs to the attest and keys APIs. */
    private record Metrics(HttpClient http, String base) {
        ServerTime read() throws Exception {
            String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double[] sums = new double[2];
            long[] counts = new long[2];
            Matcher m = TIMER.matcher(text);
            while (m.find()) {
                String labels = m.group(2);
                if (!labels.contains("method=\"POST\"") || !labels.contains("status=\"200\"")) {
                    continue;
                }
                int api = labels.contains("api=\"attest\"") ? 0 : labels.contains("api=\"keys\"") ? 1 : -1;
                if (api < 0) {
                    continue;
                }
                double value = Double.parseDouble(m.group(3));
                if (m.group(1).equals("sum")) {
                    sums[api] += value * 1000;
                } else {
                    counts[api] += (long) value;
                }
            }
            return new ServerTime(sums[0], sums[1], counts[0], counts[1]);
        }
    }


    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }



}
