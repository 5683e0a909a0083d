package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token guessing is answered with 429 after 20 failures a minute; challenge requests do not count. */
class AuthThrottlingTest {
    @TempDir
    Path dataDir;

    @Test
    void repeated_bad_tokens_get_429_with_retry_after() throws Exception {
        try (var server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of())) {
            var client = new TestClient(server.caCertificate(), server.port());
            for (int i = 0; i < 30; i++) {
                assertThat(client.get("/admin/tokens", null).statusCode()).isEqualTo(401); // no token: never throttled
            }
            String bad = "tp1.0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            for (int i = 0; i < 20; i++) {
                assertThat(client.get("/admin/tokens", bad).statusCode()).isEqualTo(401);
            }
            var throttled = client.get("/admin/tokens", AdminToken.read(dataDir.resolve("admin.token")));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            ServerHttpTest.assertError(throttled, "TooManyRequests");
            assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }
}
