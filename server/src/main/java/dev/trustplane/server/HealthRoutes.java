package dev.trustplane.server;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * {@code /healthz}: the process is up. {@code /readyz}: the store answers and its migrations ran, so
 * requests can be served. {@code /metrics}: Prometheus text. None of them needs authentication, and none
 * reveals anything but liveness and counters.
 */
final class HealthRoutes implements ApiRoutes {
    private final PrometheusMeterRegistry prometheus;

    HealthRoutes(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.get("/healthz", (req, res) -> {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send("{\"status\":\"up\"}");
        });
        routing.get("/readyz", (req, res) -> {
            boolean ready = context.store().isMigrated("server") && context.store().isReachable();
            res.status(ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\",\"reason\":\"store unreachable\"}");
        });
        routing.get("/metrics", (req, res) -> {
            res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            res.send(prometheus.scrape());
        });
    }

    @Override
    public List<String> publicPaths() {
        return List.of("/healthz", "/readyz", "/metrics");
    }
}
