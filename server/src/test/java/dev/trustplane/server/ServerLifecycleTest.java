package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.server.auth.AdminToken;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start, restart, and start-up failures that must leave the data dir untouched. */
class ServerLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void first_start_writes_ca_and_admin_token_with_private_permissions() throws Exception {
        Path dir = tmp.resolve("data");
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dir), List.of())) {
            assertThat(dir.resolve("tls/ca.pem")).exists();
            assertThat(mode(dir.resolve("tls/ca-key.pem"))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("tls/server-key.pem"))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("admin.token"))).isEqualTo("rw-------");
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(Files.readAllLines(dir.resolve("admin.token"))).hasSize(1);
            assertThat(new TestClient(server.caCertificate(), server.port())
                    .get("/admin/tokens", AdminToken.read(dir.resolve("admin.token"))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void restart_keeps_ca_admin_token_and_tokens() throws Exception {
        Path dir = tmp.resolve("data");
        String created;
        byte[] ca;
        String admin;
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dir), List.of())) {
            ca = Files.readAllBytes(server.caCertificate());
            admin = AdminToken.read(dir.resolve("admin.token"));
            var res = new TestClient(server.caCertificate(), server.port())
                    .post("/admin/tokens", admin, "application/json", "{\"role\":\"Administrator\"}");
            created = dev.trustplane.server.http.Json.MAPPER.readTree(res.body()).get("token").asString();
        }
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dir), List.of())) {
            assertThat(Files.readAllBytes(server.caCertificate())).isEqualTo(ca);
            assertThat(AdminToken.read(dir.resolve("admin.token"))).isEqualTo(admin);
            var client = new TestClient(server.caCertificate(), server.port());
            assertThat(client.get("/admin/tokens", admin).statusCode()).isEqualTo(200);
            assertThat(client.get("/admin/tokens", created).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void port_in_use_fails_with_a_clear_message_and_writes_nothing() throws Exception {
        Path dir = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            var config = new ServerConfig(dir, "127.0.0.1", taken.getLocalPort(), "sqlite", Optional.empty(),
                    Optional.empty(), ServerConfig.DEFAULT_MAX_BODY, Duration.ofSeconds(1), false);
            assertThatThrownBy(() -> TrustplaneServer.start(config, List.of()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void unparseable_store_url_fails_and_writes_nothing() {
        Path dir = tmp.resolve("data");
        assertThatThrownBy(() -> TrustplaneServer.start(ServerConfig.forTests(dir).withStore("mysql://x"), List.of()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("mysql");
        assertThat(dir).doesNotExist();
    }

    @Test
    void corrupt_operator_tls_key_fails_and_writes_nothing() throws Exception {
        Path dir = tmp.resolve("data");
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIIB-secret-looking\n-----END PRIVATE KEY-----\n");
        var config = new ServerConfig(dir, "127.0.0.1", 0, "sqlite", Optional.of(cert), Optional.of(key),
                ServerConfig.DEFAULT_MAX_BODY, Duration.ofSeconds(1), false);
        assertThatThrownBy(() -> TrustplaneServer.start(config, List.of()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(cert.toString())
                .hasMessageNotContaining("secret-looking");
        assertThat(dir).doesNotExist();
    }

    @Test
    void operator_tls_material_is_used_instead_of_the_dev_ca() throws Exception {
        Path other = tmp.resolve("other");
        // The material the dev CA made elsewhere stands in for the operator's own.
        TrustplaneServer.start(ServerConfig.forTests(other), List.of()).close();
        Path dir = tmp.resolve("data");
        var config = new ServerConfig(dir, "127.0.0.1", 0, "sqlite", Optional.of(other.resolve("tls/server.pem")),
                Optional.of(other.resolve("tls/server-key.pem")), ServerConfig.DEFAULT_MAX_BODY, Duration.ofSeconds(1), false);
        try (var server = TrustplaneServer.start(config, List.of())) {
            assertThat(dir.resolve("tls")).doesNotExist();
            var client = new TestClient(other.resolve("tls/ca.pem"), server.port());
            assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void mismatched_cert_and_key_are_refused() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TrustplaneServer.start(ServerConfig.forTests(a), List.of()).close();
        TrustplaneServer.start(ServerConfig.forTests(b), List.of()).close();
        var config = new ServerConfig(tmp.resolve("data"), "127.0.0.1", 0, "sqlite", Optional.of(a.resolve("tls/server.pem")),
                Optional.of(b.resolve("tls/server-key.pem")), ServerConfig.DEFAULT_MAX_BODY, Duration.ofSeconds(1), false);
        assertThatThrownBy(() -> TrustplaneServer.start(config, List.of()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("does not match");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
