package dev.trustplane.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.kms.release.TrustedAuthority;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import dev.trustplane.simulator.MaaSnpRequest;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running server in simulated-trust mode, plus what a workload does around secure key release: make a
 * transfer key, attest simulated SNP evidence with that key in its runtime data, and call release.
 */
final class SkrFixture implements AutoCloseable {
    static final SnpSimulator SIM = SnpSimulator.standard();
    static final String KV = "?api-version=7.6";
    static final String MAA = "?api-version=2022-08-01";
    static final String MEASUREMENT = "11".repeat(48);
    static final KeyPair TRANSFER = rsa(2048);

    final TrustplaneServer server;
    final TestClient client;
    final String admin;
    final String base;
    final Path dataDir;

    SkrFixture(Path dataDir, List<TrustedAuthority> authorities) throws Exception {
        this.dataDir = dataDir;
        var config = ServerConfig.forTests(dataDir).withSimulatedTrust(true).withTrustedAuthorities(authorities);
        server = TrustplaneServer.start(config, List.of());
        client = new TestClient(server.caCertificate(), server.port());
        admin = AdminToken.read(dataDir.resolve(AdminToken.FILE));
        base = "https://127.0.0.1:" + server.port();
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runtime data carrying {@code key} as an encryption JWK, as a workload would send it. */
    static byte[] runtimeData(RSAPublicKey key, String kid) {
        RSAKey jwk = new RSAKey.Builder(key).keyID(kid).keyUse(KeyUse.ENCRYPTION).build();
        return ("{\"keys\":[" + jwk.toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] runtimeData() {
        return runtimeData((RSAPublicKey) TRANSFER.getPublic(), "transfer-1");
    }

    /** Attests simulated SNP evidence (measurement 11…, debug as given) bound to {@code runtime}; returns the token. */
    String attest(SnpSpec spec, byte[] runtime, String nonce) throws Exception {
        var evidence = SIM.generate(spec.measurement(HexFormat.of().parseHex(MEASUREMENT))
                .reportData(MaaSnpRequest.reportDataFor(runtime == null ? new byte[0] : runtime)));
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(MaaSnpRequest.body(evidence, runtime));
        if (nonce != null) {
            body.put("nonce", nonce);
        }
        var res = client.post("/attest/SevSnpVm" + MAA, null, "application/json", body.toString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return json(res).path("token").asString();
    }

    String attest() throws Exception {
        return attest(new SnpSpec(), runtimeData(), null);
    }

    /** A release policy over this server's own tokens with these claim conditions (JSON objects). */
    String policy(String... conditions) {
        return policyFor(base, conditions);
    }

    static String policyFor(String authority, String... conditions) {
        return "{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + authority + "\",\"allOf\":["
                + String.join(",", conditions) + "]}]}";
    }

    /** The policy of the happy path: simulated SNP, debug off, the expected measurement. */
    String snpPolicy() {
        return policy("{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}",
                "{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":false}",
                "{\"claim\":\"x-ms-sevsnpvm-launchmeasurement\",\"equals\":\"" + MEASUREMENT + "\"}");
    }

    /** Creates an exportable key; {@code keySpec} is the JSON members for kty/size/curve. */
    HttpResponse<String> createExportable(String name, String keySpec, String policy) throws Exception {
        String body = "{" + keySpec + ",\"attributes\":{\"exportable\":true},\"release_policy\":{\"contentType\":"
                + "\"application/json; charset=utf-8\",\"data\":\"" + b64url(policy) + "\"}}";
        return client.post("/keys/" + name + "/create" + KV, admin, "application/json", body);
    }

    HttpResponse<String> release(String path, String token, Map<String, Object> fields) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        return client.post(path, token, "application/json", Json.MAPPER.writeValueAsString(body));
    }

    HttpResponse<String> release(String name, String attestationToken) throws Exception {
        return release("/keys/" + name + "/release" + KV, admin, Map.of("target", attestationToken));
    }

    ReleaseResponseTrust trust() throws Exception {
        try (InputStream in = Files.newInputStream(server.caCertificate())) {
            var ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return ReleaseResponseTrust.anchoredAt(List.of(ca));
        }
    }

    static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> res) {
        return Json.MAPPER.readTree(res.body());
    }

    static String errorCode(HttpResponse<String> res) {
        return json(res).path("error").path("code").asString();
    }

    static String errorMessage(HttpResponse<String> res) {
        return json(res).path("error").path("message").asString();
    }

    @Override
    public void close() {
        server.close();
    }
}
