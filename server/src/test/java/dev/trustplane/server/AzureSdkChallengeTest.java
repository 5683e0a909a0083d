package dev.trustplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import dev.trustplane.server.auth.AdminToken;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The official Azure Key Vault SDK against the server: it trusts our CA, follows our 401 challenge,
 * presents a Trustplane token and reads our error envelope. (The keys API itself comes with the KMS;
 * here an absent route proves the authentication path end to end.)
 */
class AzureSdkChallengeTest {
    @TempDir
    static Path dataDir;

    static TrustplaneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static KeyClient client(String token, AtomicInteger tokenRequests) throws Exception {
        TokenCredential credential = request -> {
            tokenRequests.incrementAndGet();
            // The SDK asks for "<resource>/.default" with the resource from our challenge.
            assertThat(request.getScopes()).containsExactly("https://127.0.0.1:" + server.port() + "/.default");
            return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        };
        return new KeyClientBuilder()
                .vaultUrl("https://127.0.0.1:" + server.port())
                .credential(credential)
                .disableChallengeResourceVerification()
                .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                        .sslContext(TestClient.trusting(server.caCertificate()))).build())
                .buildClient();
    }

    @Test
    void sdk_follows_the_challenge_and_authenticates_with_a_trustplane_token() throws Exception {
        var requests = new AtomicInteger();
        KeyClient keys = client(AdminToken.read(dataDir.resolve("admin.token")), requests);
        assertThatThrownBy(() -> keys.getKey("no-such-key"))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(404));
        assertThat(requests).hasValue(1);
    }

    @Test
    void sdk_reports_401_for_a_token_the_server_does_not_accept() throws Exception {
        var requests = new AtomicInteger();
        KeyClient keys = client("tp1.0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", requests);
        assertThatThrownBy(() -> keys.getKey("no-such-key"))
                .isInstanceOf(HttpResponseException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(401));
    }
}
