package dev.trustplane.evidence.kds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches collateral from AMD's Key Distribution Service over HTTPS, with a per-request timeout and
 * bounded retries: 429 and 5xx answers and network errors are retried with exponential backoff (or the
 * server's {@code Retry-After}, capped), 404 is final. KDS rate-limits aggressively, which is why
 * {@link CollateralStore} caches everything it fetches and the verifier never fetches what it has.
 */
public final class KdsClient {
    /** AMD's public service. */
    public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");
    private static final Logger LOG = LoggerFactory.getLogger(KdsClient.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** Waits between attempts; replaced in tests so retries take no time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    /**
     * @param base the KDS root, {@link #AMD_KDS} in production; plain http is accepted only for loopback
     *     addresses (tests, local mirrors)
     * @param attempts total tries per request, at least 1
     */
    public KdsClient(URI base, Duration timeout, int attempts, Duration firstBackoff, Sleeper sleeper) {
        this.base = Objects.requireNonNull(base, "base");
        boolean loopback = "127.0.0.1".equals(base.getHost()) || "localhost".equals(base.getHost())
                || "[::1]".equals(base.getHost());
        if (!"https".equals(base.getScheme()) && !("http".equals(base.getScheme()) && loopback)) {
            throw new IllegalArgumentException("KDS URL must be https (plain http only on loopback): " + base);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.timeout = timeout;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** AMD's KDS with 10 s timeouts, 4 attempts and backoff from 1 s. */
    public static KdsClient amd() {
        return new KdsClient(AMD_KDS, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), Thread::sleep);
    }

    /** Fetches the raw bytes (DER or PEM, as KDS serves them) of {@code request}. */
    public byte[] fetch(KdsRequest request) throws KdsException {
        URI uri = base.resolve(request.path());
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
                        throw new KdsException(KdsException.Kind.BAD_RESPONSE, "KDS answered " + request.path()
                                + " with " + response.body().length + " bytes");
                    }
                    return response.body();
                }
                if (status == 404) {
                    throw new KdsException(KdsException.Kind.NOT_FOUND, "KDS has no " + request.path());
                }
                if (status != 429 && status < 500) {
                    throw new KdsException(KdsException.Kind.BAD_RESPONSE, "KDS answered " + status + " for " + request.path());
                }
                lastProblem = "HTTP " + status;
                retryAfter = response.headers().firstValueAsLong("Retry-After");
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KdsException(KdsException.Kind.UNAVAILABLE, "interrupted while fetching " + request.path());
            }
            if (attempt < attempts) {
                Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsLong()) : backoff;
                wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
                LOG.info("KDS {} failed ({}); retry {} of {} in {} ms", request.path(), lastProblem, attempt, attempts - 1,
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
        throw new KdsException(KdsException.Kind.UNAVAILABLE, "KDS unavailable for " + request.path() + " after "
                + attempts + " attempts (last: " + lastProblem + ")");
    }
}
