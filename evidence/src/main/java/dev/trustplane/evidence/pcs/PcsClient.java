package dev.trustplane.evidence.pcs;

import dev.trustplane.evidence.kds.KdsException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches Intel collateral from the Provisioning Certification Service (API v4) over HTTPS, with a
 * per-request timeout and bounded retries like {@link dev.trustplane.evidence.kds.KdsClient}: 429 and
 * 5xx answers and network errors are retried with exponential backoff (or the server's
 * {@code Retry-After}, capped), 404 is final. Failures are {@link KdsException}s so callers handle AMD
 * and Intel collateral alike. No subscription key is needed for these endpoints.
 */
public final class PcsClient {
    /** Intel's PCS API host. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** Intel's certificate host (Root CA CRL). */
    public static final URI INTEL_CERTIFICATES = URI.create("https://certificates.trustedservices.intel.com");
    private static final Logger LOG = LoggerFactory.getLogger(PcsClient.class);
    private static final int MAX_BODY = 256 * 1024;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** A PCS answer: the body and, for TCB Info and QE Identity, the signer's chain (PEM). */
    public record Response(byte[] body, Optional<String> issuerChain) {}

    /** Waits between attempts; replaced in tests so retries take no time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI api;
    private final URI certificates;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    /**
     * @param api the PCS API root ({@link #INTEL_PCS}); plain http only on loopback (tests, local mirrors)
     * @param certificates the certificate host ({@link #INTEL_CERTIFICATES}); same rule
     * @param attempts total tries per request, at least 1
     */
    public PcsClient(URI api, URI certificates, Duration timeout, int attempts, Duration firstBackoff, Sleeper sleeper) {
        this.api = checked(api);
        this.certificates = checked(certificates);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.attempts = attempts;
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Intel's services with 10 s timeouts, 4 attempts and backoff from 1 s. */
    public static PcsClient intel() {
        return new PcsClient(INTEL_PCS, INTEL_CERTIFICATES, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), Thread::sleep);
    }

    private static URI checked(URI base) {
        Objects.requireNonNull(base, "base");
        String host = base.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
        if (!"https".equals(base.getScheme()) && !("http".equals(base.getScheme()) && loopback)) {
            throw new IllegalArgumentException("PCS URL must be https (plain http only on loopback): " + base);
        }
        return base;
    }

    /** Fetches {@code request}. */
    public Response fetch(PcsRequest request) throws KdsException {
        URI uri = (request.onCertificateHost() ? certificates : api).resolve(request.path());
        Duration backoff = firstBackoff;
        String lastProblem = "no attempt made";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            OptionalLong retryAfter = OptionalLong.empty();
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    if (response.body().length == 0 || response.body().length > MAX_BODY) {
                        throw new KdsException(KdsException.Kind.BAD_RESPONSE, "PCS answered " + request.path()
                                + " with " + response.body().length + " bytes");
                    }
                    Optional<String> chain = response.headers().firstValue("TCB-Info-Issuer-Chain")
                            .or(() -> response.headers().firstValue("SGX-Enclave-Identity-Issuer-Chain"))
                            .map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8));
                    return new Response(response.body(), chain);
                }
                if (status == 404) {
                    throw new KdsException(KdsException.Kind.NOT_FOUND, "PCS has no " + request.path());
                }
                if (status != 429 && status < 500) {
                    throw new KdsException(KdsException.Kind.BAD_RESPONSE, "PCS answered " + status + " for " + request.path());
                }
                lastProblem = "HTTP " + status;
                retryAfter = response.headers().firstValueAsLong("Retry-After");
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KdsException(KdsException.Kind.UNAVAILABLE, "interrupted while fetching " + request.path());
            } catch (IllegalArgumentException e) {
                throw new KdsException(KdsException.Kind.BAD_RESPONSE, "PCS issuer chain header is not URL-encoded");
            }
            if (attempt < attempts) {
                Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsLong()) : backoff;
                wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
                LOG.info("PCS {} failed ({}); retry {} of {} in {} ms", request.path(), lastProblem, attempt, attempts - 1,
                        wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KdsException(KdsException.Kind.UNAVAILABLE, "interrupted while fetching " + request.path());
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new KdsException(KdsException.Kind.UNAVAILABLE, "PCS unavailable for " + request.path() + " after "
                + attempts + " attempts (last: " + lastProblem + ")");
    }
}
