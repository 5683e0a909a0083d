package dev.trustplane.agent;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The two calls a workload makes: attest at an Azure Attestation–compatible endpoint ({@code POST
 * /attest/{type}}, no credential, as MAA) and release at a Key Vault–compatible one ({@code POST
 * /keys/{name}/release} with a bearer token). Both are usually the same Trustplane server. Refusals become
 * {@link AgentException}s carrying the status, the server's error code and its message.
 */
public final class TrustplaneClient {
    static final String ATTEST_API = "2022-08-01";
    static final String KEYS_API = "7.6";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI attestBase;
    private final URI keysBase;
    private final Supplier<String> bearer;
    private final HttpClient http;

    /**
     * @param attestBase the attestation service ({@code https://host:port})
     * @param keysBase the key service
     * @param tls trust for both (e.g. a context trusting the server's {@code tls/ca.pem})
     * @param bearer the key service credential (a Trustplane token), read when needed
     */
    public TrustplaneClient(URI attestBase, URI keysBase, SSLContext tls, Supplier<String> bearer) {
        this.attestBase = strip(attestBase);
        this.keysBase = strip(keysBase);
        this.bearer = Objects.requireNonNull(bearer, "bearer");
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
    }

    /** Attests; returns the token. A nonce, when given, is echoed in the token's {@code nonce} claim. */
    public String attest(AttestationRequest request, Optional<String> nonce) throws AgentException {
        String body = request.jsonBody();
        if (nonce.isPresent()) {
            try {
                Map<String, Object> json = new LinkedHashMap<>(JSONObjectUtils.parse(body));
                json.put("nonce", nonce.get());
                body = JSONObjectUtils.toJSONString(json);
            } catch (ParseException e) {
                throw new AgentException("the attestation request body is not JSON", e);
            }
        }
        URI uri = URI.create(attestBase + "/attest/" + request.type() + "?api-version=" + ATTEST_API);
        Map<String, Object> answer = post(uri, body, null, "attestation");
        if (!(answer.get("token") instanceof String token)) {
            throw new AgentException("attestation: the answer has no token");
        }
        return token;
    }

    /** Releases {@code key} (latest version when {@code version} is empty); returns the JWS. */
    public String release(String key, Optional<String> version, String token, Optional<String> nonce, String enc)
            throws AgentException {
        String path = "/keys/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + version.map(v -> "/" + URLEncoder.encode(v, StandardCharsets.UTF_8)).orElse("") + "/release";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", token);
        nonce.ifPresent(n -> body.put("nonce", n));
        body.put("enc", enc);
        Map<String, Object> answer = post(URI.create(keysBase + path + "?api-version=" + KEYS_API),
                JSONObjectUtils.toJSONString(body), bearer.get(), "key release");
        if (!(answer.get("value") instanceof String jws)) {
            throw new AgentException("key release: the answer has no value");
        }
        return jws;
    }

    private Map<String, Object> post(URI uri, String body, String token, String step) throws AgentException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AgentException(step + ": cannot reach " + uri.getHost() + ":" + uri.getPort() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(step + ": interrupted", e);
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(res.body());
        } catch (ParseException e) {
            throw new AgentException(step + ": HTTP " + res.statusCode() + " with a body that is not JSON");
        }
        if (res.statusCode() != 200) {
            String code = "?";
            String message = "";
            if (json.get("error") instanceof Map<?, ?> error) {
                code = String.valueOf(error.get("code"));
                message = String.valueOf(error.get("message"));
            }
            throw new AgentException(step + " refused: HTTP " + res.statusCode() + " " + code + ": " + message);
        }
        return json;
    }

    private static URI strip(URI base) {
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
}
