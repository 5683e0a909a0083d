package dev.trustplane.server;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import dev.trustplane.server.ha.LeasedJobs;
import dev.trustplane.server.http.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /healthz}: the process is up, which replica this is and which background jobs it runs (from what it
 * last saw of their leases, so the answer never waits on the database). {@code /readyz}: the store answers and its migrations ran, so
 * requests can be served. {@code /metrics}: Prometheus text. None of them needs authentication, and none
 * reveals anything but liveness and counters.
 */
final class HealthRoutes implements ApiRoutes {
    private final PrometheusMeterRegistry prometheus;
    private final LeasedJobs jobs;

    HealthRoutes(PrometheusMeterRegistry prometheus, LeasedJobs jobs) {
        this.prometheus = prometheus;
        this.jobs = jobs;
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.get("/healthz", (req, res) -> {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(Json.MAPPER.writeValueAsString(health()));
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

    /** {"status":"up","replica":…,"role":"jobs"|"serving","jobs":[{"name","lease","holder","expiresAt",…}]}. */
    private Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "up");
        out.put("replica", jobs.replica());
        List<LeasedJobs.Status> all = jobs.status();
        // Every replica serves the API; the one holding a job's lease also runs that job.
        out.put("role", all.stream().anyMatch(LeasedJobs.Status::held) ? "serving+jobs" : "serving");
        out.put("jobs", all.stream().map(HealthRoutes::job).toList());
        return out;
    }

    private static Map<String, Object> job(LeasedJobs.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.job());
        m.put("lease", s.held() ? "held" : s.holder().isPresent() ? "standby" : "unknown");
        s.holder().ifPresent(h -> m.put("holder", h));
        s.expiresAt().ifPresent(t -> m.put("expiresAt", t.toString()));
        s.lastRun().ifPresent(t -> m.put("lastRun", t.toString()));
        s.error().ifPresent(e -> m.put("error", e));
        return m;
    }

    @Override
    public List<String> publicPaths() {
        return List.of("/healthz", "/readyz", "/metrics");
    }
}
