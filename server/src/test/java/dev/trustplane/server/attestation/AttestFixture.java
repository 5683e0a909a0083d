package dev.trustplane.server.attestation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A running server with the attestation routes over HTTPS, a recording decision log (a fake, not a mock), and a
 * verifier that checks tokens only with the JWKS fetched from {@code /certs}, through Nimbus' own processor.
 */
final class AttestFixture implements AutoCloseable {
    static final String V = "?api-version=2022-08-01";

    final TrustplaneServer server;
    final TestClient client;
    final String adminToken;

    AttestFixture(Path dataDir, TrustProfile profile) throws Exception {
        this(dataDir, profile, AttestationSettings.defaults());
    }

    AttestFixture(Path dataDir, TrustProfile profile, AttestationSettings settings) throws Exception {
        var config = ServerConfig.forTests(dataDir).withSimulatedTrust(profile.kind() == TrustProfile.Kind.SIMULATED)
                .withAttestation(settings);
        server = TrustplaneServer.start(config, List.of());
        client = new TestClient(server.caCertificate(), server.port());
        adminToken = AdminToken.read(dataDir.resolve(AdminToken.FILE));
    }

    /** The newest record in the server's ledger, read back through the ledger API. */
    DecisionRecord lastDecision() throws Exception {
        String[] checkpoint = client.get("/ledger/checkpoint", null).body().split("\n");
        long size = Long.parseLong(checkpoint[1]);
        JsonNode entry = json(client.get("/ledger/entries/" + (size - 1), adminToken));
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Json.MAPPER.readValue(
                java.util.Base64.getDecoder().decode(entry.path("contents").asString()),
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        String type = (String) fields.remove("type");
        return new DecisionRecord(type, fields);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.post(path, null, "application/json", body);
    }

    HttpResponse<String> putPolicy(String type, String jwt, String token) throws Exception {
        return client.send(client.request("/policies/" + type + V, token).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(jwt)));
    }

    static JsonNode json(HttpResponse<String> res) {
        return Json.MAPPER.readTree(res.body());
    }

    static String errorCode(HttpResponse<String> res) {
        return json(res).path("error").path("code").asString();
    }

    /** Verifies {@code jwt} with RS256 keys from {@code /certs} only; returns its claims. */
    JWTClaimsSet verify(String jwt) throws Exception {
        HttpResponse<String> certs = client.get("/certs", null);
        JWKSet jwks = JWKSet.parse(certs.body());
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        return processor.process(jwt, null);
    }

    /** An unsigned policy JWT ({@code alg: none}) as MAA's clients upload it. */
    static String unsignedPolicy(String text) {
        return AttestationRoutes.unsignedPolicyJwt(text);
    }

    @Override
    public void close() {
        server.close();
    }
}
