package dev.trustplane.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every HTTP request as {@code http_server_requests_seconds{method,status,api}}. The {@code api}
 * tag is the first path segment when it names a known API and {@code other} otherwise, so a client
 * probing random paths cannot blow up the number of time series.
 */
public final class HttpMetrics {
    private static final Set<String> APIS = Set.of("healthz", "readyz", "metrics", "admin", "keys", "deletedkeys",
            "rng", "attest", "policies", "certs", "certificates", "ledger", "app", "securitydomain", "providers",
            ".well-known", "backup", "restore");

    /** The tags of one time series. */
    private record Series(String method, int status, String api) {}

    private final MeterRegistry registry;
    /**
     * Timers already registered, by their tags: building a meter id and looking it up in the registry on every
     * request (tag sorting, id hashing) cost more than the timing. Holds no more series than the registry does.
     */
    private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Timer.Sample sample = Timer.start(registry);
        try {
            chain.proceed();
        } finally {
            sample.stop(timers.computeIfAbsent(new Series(req.prologue().method().text(), res.status().code(),
                    api(req.path().path())), this::register));
        }
    }

    private Timer register(Series s) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", s.method())
                .tag("status", Integer.toString(s.status()))
                .tag("api", s.api())
                .register(registry);
    }

    static String api(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String first = slash < 0 ? trimmed : trimmed.substring(0, slash);
        return APIS.contains(first) ? first : "other";
    }
}
