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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The KMS over HTTPS against raw JCA in the same run, 16 concurrent callers each: RSA-2048 sign (RS256),
 * RSA-OAEP-256 unwrap, ES256 sign, A256GCM encrypt of 1 KiB, plus the HTTP ceiling (an authenticated
 * {@code GET /keys/{name}}, which does no crypto). The server is the real one, in-process, with the sealed-file
 * master key, SQLite and the development CA, and Corretto installed as the preferred provider as the CLI does;
 * the raw figures use the same provider. Goals (issue 7): RSA ≥ 0.7 of raw; AES and EC ≥ 0.5 of the ceiling.
 *
 * <p>Run: see docs/performance.md ("KMS"). Use {@code -bm thrpt} for ops/s and {@code -bm sample} for p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
public class KmsBenchmark {
    private static final String API = "?api-version=7.6";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Path dataDir;
    private TrustplaneServer server;
    private HttpClient http;
    private String base;
    private String bearer;

    private String signBody;
    private String unwrapBody;
    private String esSignBody;
    private String encryptBody;

    private KeyPair rsa;
    private KeyPair ec;
    private SecretKey aes;
    private byte[] digest;
    private byte[] wrapped;
    private byte[] kibibyte;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String provider = FastCrypto.install();
        if (!provider.equals("AmazonCorrettoCryptoProvider")) {
            System.err.println("KmsBenchmark: Corretto is not available (" + provider + "); both sides use the JDK's providers");
        }
        dataDir = Files.createTempDirectory("trustplane-kms-bench-");
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        http = HttpClient.newBuilder().sslContext(PemCertificates.trustingOnly(server.caCertificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        base = "https://localhost:" + server.port();
        bearer = "Bearer " + AdminToken.read(dataDir.resolve(AdminToken.FILE));
        digest = MessageDigest.getInstance("SHA-256").digest("kms benchmark".getBytes(StandardCharsets.UTF_8));
        kibibyte = new byte[1024];
        RANDOM.nextBytes(kibibyte);

        String rsaKey = post("/keys/bench-rsa/create", "{\"kty\":\"RSA\",\"key_size\":2048}");
        post("/keys/bench-ec/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
        post("/keys/bench-aes/create", "{\"kty\":\"oct-HSM\",\"key_size\":256}");
        PublicKey rsaPublic = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(member(rsaKey, "n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(member(rsaKey, "e")))));
        byte[] cek = new byte[32];
        RANDOM.nextBytes(cek);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, rsaPublic, OAEP_256);
        byte[] kmsWrapped = oaep.doFinal(cek);

        signBody = "{\"alg\":\"RS256\",\"value\":\"" + B64.encodeToString(digest) + "\"}";
        unwrapBody = "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + B64.encodeToString(kmsWrapped) + "\"}";
        esSignBody = "{\"alg\":\"ES256\",\"value\":\"" + B64.encodeToString(digest) + "\"}";
        encryptBody = "{\"alg\":\"A256GCM\",\"value\":\"" + B64.encodeToString(kibibyte) + "\"}";
        // Each request must succeed before we time it: a benchmark of error responses measures nothing.
        httpRsaSign();
        httpRsaOaep256Unwrap();
        httpEs256Sign();
        httpA256GcmEncrypt1KiB();
        httpGetKeyCeiling();

        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        KeyGenerator aesGen = KeyGenerator.getInstance("AES");
        aesGen.init(256);
        aes = aesGen.generateKey();
        oaep.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), OAEP_256);
        wrapped = oaep.doFinal(cek);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.close();
        http.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final OAEPParameterSpec OAEP_256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    @Benchmark
    public String httpRsaSign() throws Exception {
        return post("/keys/bench-rsa/sign", signBody);
    }

    @Benchmark
    public String httpRsaOaep256Unwrap() throws Exception {
        return post("/keys/bench-rsa/unwrapkey", unwrapBody);
    }

    @Benchmark
    public String httpEs256Sign() throws Exception {
        return post("/keys/bench-ec/sign", esSignBody);
    }

    @Benchmark
    public String httpA256GcmEncrypt1KiB() throws Exception {
        return post("/keys/bench-aes/encrypt", encryptBody);
    }

    /** The ceiling: authentication, routing, a store read and a JSON answer, no crypto. */
    @Benchmark
    public String httpGetKeyCeiling() throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/keys/bench-rsa" + API)).GET());
    }

    /** RS256 as the KMS does it for a client's digest: PKCS#1 v1.5 over the DigestInfo. */
    @Benchmark
    public byte[] rawRsaSign() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa.getPrivate());
        s.update(digest);
        return s.sign();
    }

    @Benchmark
    public byte[] rawRsaOaep256Unwrap() throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, rsa.getPrivate(), OAEP_256);
        return c.doFinal(wrapped);
    }

    @Benchmark
    public byte[] rawEs256Sign() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(digest);
        return s.sign();
    }

    @Benchmark
    public byte[] rawA256GcmEncrypt1KiB() throws Exception {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
        return c.doFinal(kibibyte);
    }

    private String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path + API))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> res = http.send(request.header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    private static String member(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }
}
