package dev.trustplane.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TestClient;
import dev.trustplane.server.TrustplaneServer;
import dev.trustplane.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped Prometheus alert rules and Grafana dashboard ({@code deploy/}) parse, are complete, and query only
 * metrics a freshly started server exports (plus Prometheus' own {@code up}), so a renamed metric cannot silently
 * turn an alert into one that never fires.
 */
class AlertRulesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    /** Series Prometheus itself adds to every scrape target. */
    private static final Set<String> FROM_PROMETHEUS = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9.A-Za-z_:])[A-Za-z_:][A-Za-z0-9_:]*");

    @TempDir
    static Path dataDir;
    static TrustplaneServer server;
    static Set<String> exported;

    @BeforeAll
    static void scrape() throws Exception {
        server = TrustplaneServer.start(ServerConfig.forTests(dataDir), List.of());
        var client = new TestClient(server.caCertificate(), server.port());
        client.get("/healthz", null); // the request timer's series appear with the first request
        String text = client.get("/metrics", null).body();
        exported = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertThat(exported).doesNotContainAnyElementsOf(FROM_PROMETHEUS);
        exported.addAll(FROM_PROMETHEUS); // queryable beside the server's own series
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void alert_rules_are_complete_and_use_only_exported_metrics() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(Files.readString(DEPLOY.resolve("prometheus/trustplane-alerts.yml")));
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("name").asString()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asString();
                alerts.add(alert);
                assertThat(rule.path("labels").path("severity").asString()).as(alert).isIn("critical", "warning", "info");
                assertThat(rule.path("annotations").path("summary").asString()).as(alert).isNotBlank();
                assertThat(metricNames(rule.path("expr").asString())).as(alert).isNotEmpty()
                        .allSatisfy(name -> assertThat(exported).as("%s queries %s", alert, name).contains(name));
            }
        }
        assertThat(alerts).doesNotHaveDuplicates()
                .contains("TrustplaneAttestationDenials", "TrustplaneKeyReleaseDenials", "TrustplaneServerErrors");
        assertThat(String.join(" ", exported)).contains("trustplane_decisions_total", "trustplane_auth_failures_total");
    }

    @Test
    void the_dashboard_is_grafana_json_querying_only_exported_metrics() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DEPLOY.resolve("grafana/trustplane-dashboard.json")));
        assertThat(dashboard.path("uid").asString()).isEqualTo("trustplane-overview");
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("title").asString()).isNotBlank();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(metricNames(expr)).as(panel.path("title").asString()).isNotEmpty()
                        .allSatisfy(name -> assertThat(exported).as("%s queries %s", panel.path("title").asString(), name)
                                .contains(name));
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(10);
    }

    @Test
    void metric_names_are_told_apart_from_functions_labels_and_numbers() {
        assertThat(metricNames("sum by (task) (rate(foo_total{a=\"b\",c=~\"d|e\"}[5m])) / clamp_min(bar, 1e-9) > 0.5 "
                + "and up{job=\"x\"} == 0")).containsExactlyInAnyOrder("foo_total", "bar", "up");
    }

    /** The metric names a PromQL expression reads (not functions, keywords, labels, strings, ranges or numbers). */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            if (!function && !PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
