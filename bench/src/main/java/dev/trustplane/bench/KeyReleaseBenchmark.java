package dev.trustplane.bench;

import dev.trustplane.attestation.SelfSignedCertificates;
import dev.trustplane.common.PemCertificates;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.trustplane.kms.release.KeyHsmEnvelope;
import dev.trustplane.kms.release.LocalSigningKeys;
import dev.trustplane.kms.release.ReleaseEncryption;
import dev.trustplane.kms.release.ReleaseSigner;
import dev.trustplane.kms.release.TokenVerifier;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secure key release throughput over HTTPS against the raw cost of its cryptography, in the same run.
 *
 * <p>HTTPS: a server in this JVM (SQLite store, simulated trust, Corretto as the server installs it), one
 * exportable RSA-2048 key with an SNP release policy, one attestation token; {@link H2Load} in its own process
 * sends {@code POST /keys/{name}/release} from 16 keep-alive HTTPS connections for a fixed time. Every release verifies the token,
 * evaluates the policy, appends its decision durably to the ledger, unseals the key, wraps it and signs the JWS.
 *
 * <p>Raw: 16 threads loop the release's crypto alone — token signature verify (RS256), RSA-OAEP-SHA1 of a fresh
 * AES key plus AES-KWP of the 1.2 KiB PKCS#8 key, and the RS256 JWS signature — with the same keys and provider.
 * Rounds interleave the two; the median ratio HTTPS/raw is the figure (goal ≥ 0.6).
 *
 * <p>Run: {@code ./mvnw -B -Pbench -pl bench -am package -DskipTests && java --enable-native-access=ALL-UNNAMED
 * -cp bench/target/benchmarks.jar dev.trustplane.bench.KeyReleaseBenchmark [seconds=5] [rounds=3] [threads=16] [key-cache-size]} (needs h2load)
 */
public final class KeyReleaseBenchmark {
    private KeyReleaseBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        H2Load.requireInstalled();
        dev.trustplane.evidence.FastCrypto.install(); // as the server does at start
        Path dir = Files.createTempDirectory("skr-bench");
        var config = ServerConfig.forTests(dir).withSimulatedTrust(true).withKms(BenchSupport.kms(args));
        try (TrustplaneServer server = TrustplaneServer.start(config, List.of())) {
            String provider = java.security.Security.getProviders()[0].getName();
            System.out.printf("cpus: %d; load average: %s; preferred provider: %s; threads: %d%n",
                    Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage(), provider, threads);
            String base = "https://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().sslContext(PemCertificates.trustingOnly(server.caCertificate()))
                    .version(HttpClient.Version.HTTP_1_1).build();
            String admin = AdminToken.read(dir.resolve(AdminToken.FILE));
            KeyPair transfer = rsa();
            byte[] runtime = ("{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) transfer.getPublic()).keyID("t")
                    .keyUse(KeyUse.ENCRYPTION).build().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
            String token = attest(http, base, runtime);
            BenchSupport.createReleasableKey(http, base, admin, "\"kty\":\"RSA-HSM\",\"key_size\":2048");
            String releaseBody = "{\"target\":\"" + token + "\"}";
            var release = H2Load.Request.post(base + "/keys/bench/release?api-version=7.6",
                    Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"), releaseBody);
            // The server's published token keys (they live in its store): what its release path verifies against.
            JWKSet published = JWKSet.parse(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/certs"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            RawRelease raw = new RawRelease(published, token, transfer);
            ClosedLoop.Op rawOnce = i -> raw.once();

            H2Load.run(release, threads, BenchSupport.warmupSeconds());
            ClosedLoop.run(rawOnce, threads, BenchSupport.warmupSeconds());
            H2Load.run(release, threads, seconds); // one unmeasured round: the two share code the JIT recompiles
            ClosedLoop.run(rawOnce, threads, seconds);
            List<Double> ratios = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                ClosedLoop.Result https = H2Load.run(release, threads, seconds);
                ClosedLoop.Result crypto = ClosedLoop.run(rawOnce, threads, seconds);
                double ratio = https.perSecond() / crypto.perSecond();
                ratios.add(ratio);
                System.out.printf("round %d: HTTPS releases/s %.0f (p50 %.1f ms, p99 %.1f ms); raw release crypto/s %.0f; "
                        + "ratio %.2f; load average %s%n", r, https.perSecond(), https.p50Millis(), https.p99Millis(),
                        crypto.perSecond(), ratio, BenchSupport.loadAverage());
            }
            ratios.sort(Double::compare);
            System.out.printf("median ratio over %d rounds: %.2f%n", rounds, ratios.get(ratios.size() / 2));
            System.out.printf("releases: %s; load average %s%n", BenchSupport.serverCpuAndBatches(release, threads, 1000,
                    dir.resolve("trustplane.db")), BenchSupport.loadAverage());
        }
    }

    /** The release's cryptography without HTTP, store, policy or ledger. */
    static final class RawRelease {
        private final TokenVerifier verifier;
        private final String token;
        private final RSAPublicKey transferKey;
        private final byte[] pkcs8;
        private final ReleaseSigner signer;

        RawRelease(JWKSet keys, String token, KeyPair transfer) throws Exception {
            this.verifier = new TokenVerifier(List.of(new LocalSigningKeys(() -> keys)), Clock.systemUTC(), true);
            this.token = token;
            this.transferKey = (RSAPublicKey) transfer.getPublic();
            KeyPair released = rsa();
            this.pkcs8 = released.getPrivate().getEncoded();
            KeyPair signing = rsa();
            this.signer = new ReleaseSigner(signing.getPrivate(), List.of(SelfSignedCertificates.issue("CN=bench", signing, Instant.now(), Duration.ofDays(1))));
        }

        void once() {
            verifier.verify(token);
            String keyHsm = KeyHsmEnvelope.seal(transferKey, "t", ReleaseEncryption.DEFAULT, pkcs8);
            signer.sign(Map.of("response", Map.of("key", Map.of("key", Map.of("key_hsm", keyHsm)))));
        }
    }

    private static String attest(HttpClient http, String base, byte[] runtime) throws Exception {
        var evidence = SnpSimulator.standard().generate(new SnpSpec().reportData(MaaSnpRequest.reportDataFor(runtime)));
        var res = http.send(HttpRequest.newBuilder(URI.create(base + "/attest/SevSnpVm?api-version=2022-08-01"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MaaSnpRequest.body(evidence, runtime))).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(res.body());
        if (res.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("attestation failed: " + res.body());
        }
        return m.group(1);
    }


    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
