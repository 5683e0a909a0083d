package dev.trustplane.cli;

import dev.trustplane.server.http.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** Token management through a running server's {@code /admin/tokens} API. */
final class OnlineTokens implements TokenCommand.TokenBackend {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final ApiClient client;

    OnlineTokens(String server, Path ca, String adminToken) throws UsageException {
        this.client = new ApiClient(server, ca, adminToken);
    }

    @Override
    public Map<String, Object> create(String name, String role, String scope, Optional<Duration> ttl) throws UsageException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role);
        body.put("scope", scope);
        body.put("name", name);
        ttl.ifPresent(d -> body.put("ttl", d.toString()));
        return toMap(client.send("POST", "/admin/tokens", body));
    }

    @Override
    public List<Map<String, Object>> list() throws UsageException {
        JsonNode value = client.send("GET", "/admin/tokens", null).path("value");
        return value.valueStream().map(OnlineTokens::toMap).toList();
    }

    @Override
    public Optional<Map<String, Object>> revoke(String id) throws UsageException {
        return Optional.of(toMap(client.send("DELETE", "/admin/tokens/" + id, null)));
    }

    private static Map<String, Object> toMap(JsonNode node) {
        return Json.MAPPER.convertValue(node, MAP);
    }
}
