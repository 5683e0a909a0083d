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
 * The HTTP side shared by the vendors' collateral services (AMD KDS, Intel PCS): one GET with a per-request
 * timeout and bounded retries. 429 and 5xx answers and network errors are retried with exponential backoff (or
 * the server's {@code Retry-After}, capped at 30 s); 404 and other 4xx answers are final. Both services
 * rate-limit, which is why callers cache what they fetch and never fetch what they have.
 */
public final class CollateralFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(CollateralFetcher.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** Waits between attempts; replaced in tests so retries take no time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String service;
    private final int maxBody;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    /**
     * @param service the name used in errors and logs ("KDS", "PCS")
     * @param maxBody the largest answer accepted, in bytes
     * @param attempts total tries per request, at least 1
     */
    public CollateralFetcher(String service, int maxBody, Duration timeout, int attempts, Duration firstBackoff,
            Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.service = Objects.requireNonNull(service, "service");
        this.maxBody = maxBody;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.attempts = attempts;
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Refuses anything but https, except plain http on loopback (tests, local mirrors).
     *
     * @return {@code base}
     */
    public static URI checkedBase(URI base, String service) {
        Objects.requireNonNull(base, "base");
        String host = base.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
        if (!"https".equals(base.getScheme()) && !("http".equals(base.getScheme()) && loopback)) {
            throw new IllegalArgumentException(service + " URL must be https (plain http only on loopback): " + base);
        }
        return base;
    }

    /**
     * GETs {@code uri}; {@code path} names it in errors.
     *
     * @return the 200 answer, its body non-empty and at most {@code maxBody} bytes
     */
    public HttpResponse<byte[]> get(URI uri, String path) throws KdsException {
        Duration backoff = firstBackoff;
        String lastProblem = "no attempt made";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            OptionalLong retryAfter = OptionalLong.empty();
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    int length = response.body().length;
                    if (length == 0 || length > maxBody) {
                        throw new KdsException(KdsException.Kind.BAD_RESPONSE,
                                service + " answered " + path + " with " + length + " bytes");
                    }
                    return response;
                }
                if (status == 404) {
                    throw new KdsException(KdsException.Kind.NOT_FOUND, service + " has no " + path);
                }
                if (status != 429 && status < 500) {
                    throw new KdsException(KdsException.Kind.BAD_RESPONSE, service + " answered " + status + " for " + path);
                }
                lastProblem = "HTTP " + status;
                retryAfter = response.headers().firstValueAsLong("Retry-After");
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                throw interrupted(path);
            }
            if (attempt < attempts) {
                Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsLong()) : backoff;
                wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
                LOG.info("{} {} failed ({}); retry {} of {} in {} ms", service, path, lastProblem, attempt, attempts - 1,
                        wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    throw interrupted(path);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new KdsException(KdsException.Kind.UNAVAILABLE, service + " unavailable for " + path + " after "
                + attempts + " attempts (last: " + lastProblem + ")");
    }

    private static KdsException interrupted(String path) {
        Thread.currentThread().interrupt();
        return new KdsException(KdsException.Kind.UNAVAILABLE, "interrupted while fetching " + path);
    }
}
