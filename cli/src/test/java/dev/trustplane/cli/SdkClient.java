package dev.trustplane.cli;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.ReleaseKeyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/**
 * The load's client on the official Azure SDK ({@code azure-security-keyvault-keys}, JDK HttpClient transport):
 * {@code KeyClient.createEcKey}, {@code CryptographyClient.sign} (key caching off, so every signature is the
 * server's) and {@code KeyClient.releaseKeyWithResponse}, each to the replica the load balancer picks. The SDK's
 * retries are off: a retry would turn a failure into a late success, and the test counts failures.
 */
final class SdkClient {
    static final String KEY = "ha-sdk";
    private static final HttpHeaderName LEDGER_ENTRY = HttpHeaderName.fromString(ClusterLoad.LEDGER_ENTRY_HEADER);

    private final ClusterLoad load;
    private final TokenCredential credential;
    private final RetryOptions noRetries = new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    private final HttpClient[] http = new HttpClient[ReplicaCluster.SIZE];
    private final KeyClient[] keys = new KeyClient[ReplicaCluster.SIZE];
    private CryptographyClient[] signers = new CryptographyClient[ReplicaCluster.SIZE];
    private String version;

    SdkClient(ClusterLoad load) throws UsageException {
        this.load = load;
        this.credential = request -> Mono.just(new AccessToken(load.admin, OffsetDateTime.now().plusHours(1)));
        for (int i = 0; i < ReplicaCluster.SIZE; i++) {
            http[i] = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(load.cluster.replica(i).tls()))
                    .connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofSeconds(30)).build();
            keys[i] = new KeyClientBuilder().vaultUrl(base(i)).credential(credential).disableChallengeResourceVerification()
                    .retryOptions(noRetries).httpClient(http[i]).buildClient();
        }
    }

    void run() {
        for (int n = 0; !load.stopping(); n++) {
            int target = load.cluster.pick(n + 1);
            long started = System.nanoTime();
            String op = switch (n % 3) {
                case 0 -> "create";
                case 1 -> "sign";
                default -> "release";
            };
            try {
                switch (op) {
                    case "create" -> {
                        version = keys[target].createEcKey(new CreateEcKeyOptions(KEY).setCurveName(KeyCurveName.P_256))
                                .getProperties().getVersion();
                        signers = new CryptographyClient[ReplicaCluster.SIZE];
                        load.versionAcknowledged(version, KEY);
                    }
                    case "sign" -> {
                        if (version != null) {
                            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("sdk " + n).getBytes(StandardCharsets.UTF_8));
                            signer(target).sign(SignatureAlgorithm.ES256, digest);
                            load.signs.incrementAndGet();
                        }
                    }
                    default -> {
                        var res = keys[target].releaseKeyWithResponse(ClusterLoad.RELEASABLE, load.releasableVersion,
                                load.token(), new ReleaseKeyOptions(), Context.NONE);
                        load.releaseAcknowledged(res.getHeaders().getValue(LEDGER_ENTRY));
                    }
                }
            } catch (HttpResponseException e) {
                load.refused(started, target, e.getResponse().getStatusCode(), "SDK " + op, e.getMessage());
            } catch (RuntimeException e) {
                if (connectionFailure(e)) {
                    load.connectionFailed(started, target, "SDK " + op + ": " + e);
                } else {
                    load.anomalies.add("SDK " + op + ": " + e);
                }
            } catch (Exception | AssertionError e) {
                load.anomalies.add("SDK " + op + ": " + e);
            }
        }
    }

    /** A CryptographyClient for the current version at this replica (key ids name the replica's address). */
    private CryptographyClient signer(int replica) {
        if (signers[replica] == null) {
            signers[replica] = new CryptographyClientBuilder().keyIdentifier(base(replica) + "/keys/" + KEY + "/" + version)
                    .credential(credential).disableChallengeResourceVerification().disableKeyCaching()
                    .retryOptions(noRetries).httpClient(http[replica]).buildClient();
        }
        return signers[replica];
    }

    private String base(int replica) {
        return "https://127.0.0.1:" + load.cluster.replica(replica).uri("/").getPort();
    }

    /** The SDK wraps I/O failures (refused, reset, timed out) in runtime exceptions of its own or Reactor's. */
    private static boolean connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
