package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The server over real TLS on an ephemeral port: health, challenge, tokens, error envelopes, limits. */
class ServerHttpTest {
    @TempDir
    static Path dataDir;

    static TrustplaneServer server;
    static TestClient client;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        client = new TestClient(server.caCertificate(), server.port());
        admin = AdminToken.read(dataDir.resolve("admin.token"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tls_handshake_against_the_dev_ca_negotiates_tls_1_3() throws Exception {
        var factory = TestClient.trusting(server.caCertificate()).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.port())) {
            var params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void tls_1_1_is_refused() throws Exception {
        var factory = TestClient.trusting(server.caCertificate()).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        } catch (IllegalArgumentException unsupportedByClient) {
            // The JDK itself may no longer offer TLS 1.1, which proves the same point.
        }
    }

    @Test
    void health_and_readiness_need_no_token() throws Exception {
        var health = client.get("/healthz", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("x-ms-request-id")).isPresent();
        var ready = client.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\"");
    }

    @Test
    void metrics_are_prometheus_text_with_http_and_jvm_series() throws Exception {
        client.get("/healthz", null);
        client.get("/admin/tokens", "tp1.0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var metrics = client.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{api=\"healthz\",method=\"GET\",status=\"200\"}")
                .contains("jvm_memory_used_bytes")
                .contains("trustplane_auth_failures_total{reason=\"unknown\"}");
    }

    @Test
    void missing_token_gets_the_exact_azure_challenge() throws Exception {
        var res = client.get("/admin/tokens", null);
        assertThat(res.statusCode()).isEqualTo(401);
        String authority = "127.0.0.1:" + server.port();
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer authorization=\"https://" + authority + "/auth\", resource=\"https://" + authority + "\"");
        assertError(res, "Unauthorized");
    }

    @Test
    void challenge_is_sent_before_the_body_is_read() throws Exception {
        // Azure SDKs first send an empty body; a 401 must come back regardless of body or size.
        var res = client.post("/admin/tokens", null, "application/json", "");
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void wrong_or_malformed_tokens_are_refused_with_the_challenge() throws Exception {
        for (String bad : List.of("nonsense", admin + "x", "tp1.0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            var res = client.get("/admin/tokens", bad);
            assertThat(res.statusCode()).as(bad).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(res.body()).doesNotContain(bad);
        }
        var basic = client.send(client.request("/admin/tokens", null).header("Authorization", "Basic YTpi").GET());
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void token_create_list_use_and_revoke() throws Exception {
        var created = client.post("/admin/tokens", admin, "application/json",
                "{\"role\":\"Administrator\",\"name\":\"alice\",\"ttl\":\"1h\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = Json.MAPPER.readTree(created.body());
        String token = body.get("token").asString();
        String id = body.get("id").asString();
        assertThat(token).startsWith("tp1." + id + ".");
        assertThat(body.get("expires").asString()).isNotBlank();

        var list = client.get("/admin/tokens", token);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).contains("alice").doesNotContain(token);

        var revoked = client.delete("/admin/tokens/" + id, admin);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(revoked.body()).get("revoked").isNull()).isFalse();
        assertThat(client.get("/admin/tokens", token).statusCode()).isEqualTo(401);
    }

    @Test
    void token_create_rejects_bad_fields_with_400() throws Exception {
        assertError(client.post("/admin/tokens", admin, "application/json", "{\"role\":\"Wizard\"}"), "BadParameter");
        assertError(client.post("/admin/tokens", admin, "application/json", "{\"role\":\"Administrator\",\"ttl\":\"soon\"}"),
                "BadParameter");
        assertError(client.post("/admin/tokens", admin, "application/json", "{\"role\":\"Administrator\",\"scope\":\"keys\"}"),
                "BadParameter");
        assertError(client.post("/admin/tokens", admin, "application/json", "{\"role\":\"Administrator\",\"extra\":1}"),
                "BadParameter");
        assertError(client.post("/admin/tokens", admin, "application/json", "{}"), "BadParameter");
        assertThat(client.delete("/admin/tokens/ffffffffffffffff", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void unknown_path_is_a_404_envelope() throws Exception {
        var res = client.get("/no/such/api", admin);
        assertThat(res.statusCode()).isEqualTo(404);
        assertError(res, "NotFound");
    }

    @Test
    void bad_json_is_a_400_envelope() throws Exception {
        var res = client.post("/admin/tokens", admin, "application/json", "{\"role\": ");
        assertThat(res.statusCode()).isEqualTo(400);
        assertError(res, "BadParameter");
        var duplicate = client.post("/admin/tokens", admin, "application/json",
                "{\"role\":\"Administrator\",\"role\":\"Administrator\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);
    }

    @Test
    void wrong_content_type_is_a_415() throws Exception {
        var res = client.post("/admin/tokens", admin, "text/plain", "{\"role\":\"Administrator\"}");
        assertThat(res.statusCode()).isEqualTo(415);
        assertError(res, "UnsupportedMediaType");
    }

    @Test
    void oversized_body_is_a_413_before_it_is_read() throws Exception {
        // Only the head is sent: the answer must come from the declared length alone. (Sending the body too would
        // race the server closing the connection against the client still writing it.)
        String response = client.raw("POST /admin/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (ServerConfig.DEFAULT_MAX_BODY + 1)
                + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413");
        String head = response.substring(0, response.indexOf("\n\n"));
        String contentType = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                .map(l -> l.substring(13).trim()).findFirst().orElse("");
        assertError(contentType, response.substring(head.length() + 2), "PayloadTooLarge");
    }

    @Test
    void oversized_chunked_body_is_a_413() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        // A body of unknown length makes the client send Transfer-Encoding: chunked.
        var publisher = HttpRequest.BodyPublishers.ofByteArrays(java.util.Collections.nCopies(20, chunk));
        var res = client.send(client.request("/admin/tokens", admin).header("Content-Type", "application/json")
                .POST(publisher));
        assertThat(res.statusCode()).isEqualTo(413);
        assertError(res, "PayloadTooLarge");
    }

    @Test
    void client_request_id_is_echoed_and_request_id_is_unique() throws Exception {
        var first = client.send(client.request("/healthz", null).header("x-ms-client-request-id", "abc-123").GET());
        var second = client.get("/healthz", null);
        assertThat(first.headers().firstValue("x-ms-client-request-id")).hasValue("abc-123");
        assertThat(first.headers().firstValue("x-ms-request-id")).isNotEqualTo(second.headers().firstValue("x-ms-request-id"));
    }

    static void assertError(HttpResponse<String> res, String code) {
        assertError(res.headers().firstValue("Content-Type").orElse(""), res.body(), code);
    }

    /** The error envelope: JSON, the code, and a message that is no stack trace. */
    static void assertError(String contentType, String body, String code) {
        assertThat(contentType).as(body).startsWith("application/json");
        JsonNode error = Json.MAPPER.readTree(body).get("error");
        assertThat(error).as(body).isNotNull();
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
    }
}
