package dev.trustplane.bench;

import dev.trustplane.common.PemCertificates;
import dev.trustplane.evidence.FastCrypto;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The KMS over HTTPS against raw JCA in the same run (issue 7): RSA-2048 sign (RS256), RSA-OAEP-256 unwrap, ES256
 * sign, A256GCM encrypt of 1 KiB, and the HTTP ceiling (an authenticated {@code GET /keys/{name}}, no crypto).
 *
 * <p>HTTPS: the real server in this JVM (sealed-file master key, SQLite, development CA, Corretto as the CLI
 * installs it), driven by {@link H2Load} from its own process with {@code concurrency} keep-alive connections.
 * Every call authenticates, checks the key version's state (key state cache), uses its opened material (key
 * cache), runs the operation, writes its audit record to the ledger durably and answers Key Vault's JSON. Raw:
 * {@code concurrency} threads of this JVM call {@code Signature}/{@code Cipher} on in-memory keys with the same
 * provider. Rounds interleave raw and HTTPS per operation; medians are reported. Goals: RSA ≥ 0.7 of raw; ES256
 * and AES ≥ 0.5 of the ceiling.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.trustplane.bench.KmsBenchmark [seconds=5] [rounds=3] [concurrency=16] [key-cache-size]} (needs h2load);
 * {@code -Dbench.ledger-delay=DURATION} overrides the ledger's batch delay, {@code -Dbench.jfr=FILE} profiles the
 * server-CPU measurement of each operation ({@code FILE-caseN.jfr}).
 */
public final class KmsBenchmark {
    private static final String API = "?api-version=7.6";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final OAEPParameterSpec OAEP_256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private KmsBenchmark() {}

    private record Case(String name, H2Load.Request https, ClosedLoop.Op raw, String goal) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        H2Load.requireInstalled();
        String provider = FastCrypto.install();
        Path dataDir = Files.createTempDirectory("trustplane-kms-bench-");
        try (TrustplaneServer server = TrustplaneServer.start(BenchSupport.ledgerBatching(
                ServerConfig.forTests(dataDir).withKms(BenchSupport.kms(args))), List.of())) {
            System.out.printf("cpus: %d; load average at start: %s; provider: %s; concurrency: %d%n",
                    Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage(), provider, concurrency);
            String base = "https://127.0.0.1:" + server.port();
            Map<String, String> auth = Map.of("Authorization", "Bearer " + AdminToken.read(dataDir.resolve(AdminToken.FILE)),
                    "Content-Type", "application/json");
            HttpClient http = HttpClient.newBuilder().sslContext(PemCertificates.trustingOnly(server.caCertificate())).build();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("kms benchmark".getBytes(StandardCharsets.UTF_8));
            byte[] kibibyte = new byte[1024];
            RANDOM.nextBytes(kibibyte);
            byte[] cek = new byte[32];
            RANDOM.nextBytes(cek);

            String rsaKey = post(http, base + "/keys/bench-rsa/create" + API, auth, "{\"kty\":\"RSA\",\"key_size\":2048}");
            post(http, base + "/keys/bench-ec/create" + API, auth, "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
            post(http, base + "/keys/bench-aes/create" + API, auth, "{\"kty\":\"oct-HSM\",\"key_size\":256}");
            byte[] kmsWrapped = oaep(publicRsa(rsaKey), cek);

            KeyPair rsa = generate("RSA", 2048);
            KeyPair ec = generate("EC", 256);
            KeyGenerator aesGen = KeyGenerator.getInstance("AES");
            aesGen.init(256);
            SecretKey aes = aesGen.generateKey();
            byte[] wrapped = oaep(rsa.getPublic(), cek);

            List<Case> cases = List.of(
                    new Case("RSA-2048 sign (RS256)", H2Load.Request.post(base + "/keys/bench-rsa/sign" + API, auth,
                            "{\"alg\":\"RS256\",\"value\":\"" + B64.encodeToString(digest) + "\"}"),
                            i -> sign("SHA256withRSA", rsa, digest), "raw"),
                    new Case("RSA-OAEP-256 unwrap", H2Load.Request.post(base + "/keys/bench-rsa/unwrapkey" + API, auth,
                            "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + B64.encodeToString(kmsWrapped) + "\"}"),
                            i -> unwrap(rsa, wrapped), "raw"),
                    new Case("ES256 sign", H2Load.Request.post(base + "/keys/bench-ec/sign" + API, auth,
                            "{\"alg\":\"ES256\",\"value\":\"" + B64.encodeToString(digest) + "\"}"),
                            i -> sign("SHA256withECDSAinP1363Format", ec, digest), "ceiling"),
                    new Case("A256GCM encrypt 1 KiB", H2Load.Request.post(base + "/keys/bench-aes/encrypt" + API, auth,
                            "{\"alg\":\"A256GCM\",\"value\":\"" + B64.encodeToString(kibibyte) + "\"}"),
                            i -> gcm(aes, kibibyte), "ceiling"),
                    new Case("ceiling: GET /keys/{name}", H2Load.Request.get(base + "/keys/bench-rsa" + API, auth), null, null));

            for (Case c : cases) { // warm-up: JIT, connections, provider (the routes share most of their path)
                H2Load.run(c.https(), concurrency, BenchSupport.warmupSeconds() / 2);
                if (c.raw() != null) {
                    ClosedLoop.run(c.raw(), concurrency, BenchSupport.warmupSeconds() / 4);
                }
            }
            ClosedLoop.Result[][] https = new ClosedLoop.Result[cases.size()][rounds];
            ClosedLoop.Result[][] raw = new ClosedLoop.Result[cases.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    https[i][r] = H2Load.run(c.https(), concurrency, seconds);
                    raw[i][r] = c.raw() == null ? null : ClosedLoop.run(c.raw(), concurrency, seconds);
                }
                System.out.printf("round %d done (load average %s)%n", r + 1, BenchSupport.loadAverage());
            }
            ClosedLoop.Result ceiling = ClosedLoop.Result.median(https[cases.size() - 1]);
            System.out.println("| operation | HTTPS ops/s | p50 / p99 ms | raw JCA ops/s | p50 / p99 ms | ratio |");
            System.out.println("|---|---|---|---|---|---|");
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                ClosedLoop.Result h = ClosedLoop.Result.median(https[i]);
                if (c.raw() == null) {
                    System.out.printf("| %s | %.0f | %.2f / %.2f | | | |%n", c.name(), h.perSecond(), h.p50Millis(), h.p99Millis());
                    continue;
                }
                ClosedLoop.Result w = ClosedLoop.Result.median(raw[i]);
                double ratio = c.goal().equals("raw") ? BenchSupport.medianRatio(rates(https[i]), rates(raw[i])) : h.perSecond() / ceiling.perSecond();
                System.out.printf("| %s | %.0f | %.2f / %.2f | %.0f | %.3f / %.3f | %.2f of %s |%n", c.name(), h.perSecond(),
                        h.p50Millis(), h.p99Millis(), w.perSecond(), w.p50Millis(), w.p99Millis(), ratio, c.goal());
            }
            System.out.println("| operation | server CPU per request; audit records per ledger commit |");
            System.out.println("|---|---|");
            for (int i = 0; i < cases.size(); i++) {
                System.out.printf("| %s | %s |%n", cases.get(i).name(), BenchSupport.serverCpuAndBatches(cases.get(i).https(),
                        concurrency, 2000, dataDir.resolve("trustplane.db"), "case" + i));
            }
            System.out.printf("load average at end: %s%n", BenchSupport.loadAverage());
        } finally {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double[] rates(ClosedLoop.Result[] rounds) {
        return java.util.Arrays.stream(rounds).mapToDouble(ClosedLoop.Result::perSecond).toArray();
    }

    private static void sign(String alg, KeyPair keys, byte[] digest) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(keys.getPrivate());
        s.update(digest);
        s.sign();
    }

    private static void unwrap(KeyPair rsa, byte[] wrapped) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, rsa.getPrivate(), OAEP_256);
        c.doFinal(wrapped);
    }

    private static void gcm(SecretKey aes, byte[] plain) throws Exception {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
        c.doFinal(plain);
    }

    private static byte[] oaep(PublicKey key, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, key, OAEP_256);
        return c.doFinal(plain);
    }

    private static KeyPair generate(String alg, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
        if (alg.equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(size);
        }
        return g.generateKeyPair();
    }

    private static PublicKey publicRsa(String keyBundle) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(member(keyBundle, "n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(member(keyBundle, "e")))));
    }

    private static String post(HttpClient http, String url, Map<String, String> headers, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        HttpResponse<String> res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }

    private static String member(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }
}
