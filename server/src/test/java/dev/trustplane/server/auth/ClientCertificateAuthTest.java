package dev.trustplane.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.StartupException;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.http.Json;
import dev.trustplane.server.tls.DevCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS over HTTPS: a client certificate from the development CA authenticates as {@code x509:dns:NAME}, which
 * may do exactly what its role assignments grant; no certificate still means a bearer token is needed; a certificate
 * from another CA never completes the handshake; a token takes precedence over a certificate.
 */
class ClientCertificateAuthTest {
    private static final String CRYPTO_USER = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/"
            + "21dbd100-6940-42c2-9190-5d6cb909625b";

    @TempDir
    static Path dir;
    static TrustplaneServer server;
    static Path tls;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        tls = data.resolve("tls");
        Files.createDirectories(data);
        DevCertificateAuthority.createIfAbsent(tls); // the dev CA issues both the server's and the clients' certificates
        server = TrustplaneServer.start(ServerConfig.forTests(data).withClientCa(Optional.of(tls.resolve("ca.pem"))), List.of());
        admin = AdminToken.read(data.resolve(AdminToken.FILE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_client_certificate_is_a_principal_that_role_assignments_grant_to() throws Exception {
        HttpClient workload = client(tls, "workload-a", List.of("dns:Workload-A.internal"));
        var before = send(workload, "POST", "/keys/mtls-a/create?api-version=7.6", "{\"kty\":\"EC\"}", null);
        assertThat(before.statusCode()).as("authenticated, but nothing assigned yet").isEqualTo(403);
        assertThat(before.body()).contains("'none'");

        var assigned = send(anonymous(), "PUT", "/keys/providers/Microsoft.Authorization/roleAssignments/"
                + "0b4f2b5e-7c44-4c3e-9f5a-3c2f6b1a9d01?api-version=7.6", "{\"properties\":{\"roleDefinitionId\":\""
                + CRYPTO_USER + "\",\"principalId\":\"x509:dns:workload-a.internal\"}}", admin);
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);

        var created = send(workload, "POST", "/keys/mtls-a/create?api-version=7.6", "{\"kty\":\"EC\"}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        // The decision record names the certificate principal as the caller.
        var entry = send(anonymous(), "GET", "/app/transactions/current?api-version=2022-05-13&collectionId=decisions",
                null, admin);
        assertThat(Json.MAPPER.readTree(entry.body()).path("contents").asString())
                .contains("\"caller\":\"x509:dns:workload-a.internal\"").contains("\"keyName\":\"mtls-a\"");
        // A role assignment grants Managed HSM data actions only, never Trustplane's own administration.
        assertThat(send(workload, "GET", "/admin/tokens", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void the_certificate_name_order_is_uri_then_dns_then_email_then_common_name() throws Exception {
        String[] expected = {"x509:uri:spiffe://corp.example/ns/prod/sa/payments", "x509:dns:api.internal",
            "x509:email:ops@corp.example", "x509:cn:Operator Alice"};
        List<List<String>> sans = List.of(List.of("email:ops@corp.example", "dns:api.internal",
                "uri:spiffe://corp.example/ns/prod/sa/payments"), List.of("email:ops@corp.example", "dns:API.internal"),
                List.of("email:Ops@Corp.Example"), List.of());
        for (int i = 0; i < expected.length; i++) {
            X509Certificate cert = DevCertificateAuthority.issueClientCertificate(tls, "Operator Alice", sans.get(i),
                    ecKeys().getPublic(), Duration.ofHours(1));
            assertThat(ClientCertificates.principal(cert).id()).isEqualTo(expected[i]);
            assertThat(ClientCertificates.principal(cert).role()).isEqualTo(ClientCertificates.NO_ROLE);
        }
        X509Certificate longName = DevCertificateAuthority.issueClientCertificate(tls, "x",
                List.of("dns:" + "a".repeat(60) + ".internal"), ecKeys().getPublic(), Duration.ofHours(1));
        assertThatThrownBy(() -> ClientCertificates.principal(longName)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void without_a_certificate_a_token_is_still_needed_and_a_token_wins_over_a_certificate() throws Exception {
        var none = send(anonymous(), "GET", "/admin/tokens", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("missing a Bearer token or a client certificate");
        HttpClient workload = client(tls, "w", List.of("dns:token-wins.internal"));
        assertThat(send(workload, "GET", "/admin/tokens", null, admin).statusCode()).isEqualTo(200);
    }

    @Test
    void a_certificate_the_client_ca_did_not_issue_fails_the_handshake(@TempDir Path other) throws Exception {
        Path otherCa = other.resolve("tls");
        DevCertificateAuthority.createIfAbsent(otherCa);
        HttpClient stranger = client(otherCa, "stranger", List.of("dns:workload-a.internal"));
        assertThatThrownBy(() -> send(stranger, "GET", "/keys?api-version=7.6", null, null)).isInstanceOf(IOException.class);
    }

    @Test
    void a_certificate_too_long_for_a_principal_id_is_refused_with_the_reason() throws Exception {
        HttpClient longName = client(tls, "x", List.of("dns:" + "a".repeat(60) + ".internal"));
        var res = send(longName, "GET", "/keys?api-version=7.6", null, null);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains("names no usable principal").contains("64 characters");
        var bad = send(anonymous(), "PUT", "/keys/providers/Microsoft.Authorization/roleAssignments/"
                + "0b4f2b5e-7c44-4c3e-9f5a-3c2f6b1a9d02?api-version=7.6", "{\"properties\":{\"roleDefinitionId\":\""
                + CRYPTO_USER + "\",\"principalId\":\"x509:ip:10.0.0.1\"}}", admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("client certificate principal");
    }

    @Test
    void a_missing_or_non_ca_bundle_stops_the_start_with_the_file_named() throws Exception {
        Path data = dir.resolve("bad-bundle");
        Path leafOnly = dir.resolve("leaf.pem");
        Files.writeString(leafOnly, dev.trustplane.server.tls.Pem.certificate(DevCertificateAuthority.issueClientCertificate(
                tls, "leaf", List.of(), ecKeys().getPublic(), Duration.ofHours(1))));
        assertThatThrownBy(() -> TrustplaneServer.start(ServerConfig.forTests(data).withClientCa(Optional.of(leafOnly)),
                List.of())).isInstanceOf(StartupException.class).hasMessageContaining("leaf.pem")
                .hasMessageContaining("is not a CA certificate");
        assertThat(data).doesNotExist();
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TrustplaneServer.start(ServerConfig.forTests(data).withClientCa(Optional.of(missing)),
                List.of())).isInstanceOf(StartupException.class).hasMessageContaining("missing.pem");
    }

    private static HttpResponse<String> send(HttpClient http, String method, String path, String body, String token)
            throws Exception {
        var b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient anonymous() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestClient.trusting(server.caCertificate())).build();
    }

    /** A client holding a fresh key and a certificate for it from the development CA in {@code caDir}. */
    private static HttpClient client(Path caDir, String cn, List<String> sans) throws Exception {
        KeyPair keys = ecKeys();
        X509Certificate cert = DevCertificateAuthority.issueClientCertificate(caDir, cn, sans, keys.getPublic(),
                Duration.ofHours(1));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", keys.getPrivate(), new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server-ca", dev.trustplane.server.tls.Pem.readCertificates(server.caCertificate()).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }
}
