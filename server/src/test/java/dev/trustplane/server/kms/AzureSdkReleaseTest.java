package dev.trustplane.server.kms;

import static dev.trustplane.server.kms.SkrFixture.TRANSFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyExportEncryptionAlgorithm;
import com.azure.security.keyvault.keys.models.KeyReleasePolicy;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.keys.models.ReleaseKeyOptions;
import com.azure.security.keyvault.keys.models.ReleaseKeyResult;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.server.TestClient;
import dev.trustplane.simulator.SnpSpec;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The official Azure SDK ({@code azure-security-keyvault-keys}) doing secure key release against our server: an
 * exportable key with a release policy created through {@code KeyClient}, then {@code releaseKey} with a token
 * from our attestation service; the JWS it returns is opened with {@link ReleasedKey}.
 */
class AzureSdkReleaseTest {
    @TempDir
    static Path dataDir;
    static SkrFixture fx;
    static KeyClient keys;

    @BeforeAll
    static void start() throws Exception {
        fx = new SkrFixture(dataDir, List.of());
        TokenCredential credential = request -> Mono.just(new AccessToken(fx.admin, OffsetDateTime.now().plusHours(1)));
        var http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestClient.trusting(fx.server.caCertificate()))).build();
        keys = new KeyClientBuilder().vaultUrl(fx.base).credential(credential).disableChallengeResourceVerification()
                .httpClient(http).buildClient();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void release_key_through_the_sdk() throws Exception {
        KeyReleasePolicy policy = new KeyReleasePolicy(BinaryData.fromString(fx.snpPolicy()));
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("sdk-skr").setKeySize(2048).setHardwareProtected(true)
                .setExportable(true).setReleasePolicy(policy));
        assertThat(key.getProperties().isExportable()).isTrue();
        assertThat(key.getProperties().getReleasePolicy().getEncodedPolicy().toString()).isEqualTo(fx.snpPolicy());

        String token = fx.attest();
        ReleaseKeyResult result = keys.releaseKey("sdk-skr", token);
        ReleasedKey released = ReleasedKey.open(result.getValue(), (RSAPrivateCrtKey) TRANSFER.getPrivate(), fx.trust());
        assertThat(released.kid()).isEqualTo(key.getId());

        var options = new ReleaseKeyOptions().setAlgorithm(KeyExportEncryptionAlgorithm.RSA_AES_KEY_WRAP_256);
        var withOptions = keys.releaseKeyWithResponse("sdk-skr", key.getProperties().getVersion(), token, options,
                Context.NONE);
        assertThat(withOptions.getStatusCode()).isEqualTo(200);
        assertThat(ReleasedKey.open(withOptions.getValue().getValue(), (RSAPrivateCrtKey) TRANSFER.getPrivate(),
                fx.trust()).kid()).isEqualTo(key.getId());
    }

    @Test
    void denial_reaches_the_sdk_as_403_with_the_reason() throws Exception {
        keys.createRsaKey(new CreateRsaKeyOptions("sdk-skr-deny").setKeySize(2048).setExportable(true)
                .setReleasePolicy(new KeyReleasePolicy(BinaryData.fromString(fx.snpPolicy()))));
        String debugToken = fx.attest(new SnpSpec().debug(true), SkrFixture.runtimeData(), null);
        assertThatThrownBy(() -> keys.releaseKey("sdk-skr-deny", debugToken))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403))
                .hasMessageContaining("x-ms-sevsnpvm-is-debuggable");
    }
}
