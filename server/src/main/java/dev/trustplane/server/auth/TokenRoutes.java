package dev.trustplane.server.auth;

import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.config.Durations;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Token administration: {@code POST /admin/tokens} creates ({@code {"role","scope","ttl","name"}}),
 * {@code GET /admin/tokens} lists (no secrets), {@code DELETE /admin/tokens/{id}} revokes.
 */
public final class TokenRoutes implements ApiRoutes {
    public static final String READ = "Trustplane/tokens/read";
    public static final String WRITE = "Trustplane/tokens/write";
    private static final Set<String> FIELDS = Set.of("role", "scope", "ttl", "name");

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        TokenService tokens = context.tokens();
        routing.post("/admin/tokens", (req, res) -> {
            Principal caller = context.require(req, WRITE, "/");
            JsonNode body = context.bodies().readJson(req);
            body.propertyNames().forEach(field -> {
                if (!FIELDS.contains(field)) {
                    throw ApiException.badRequest("BadParameter", "Unknown field '" + field + "'.");
                }
            });
            String role = text(body, "role").orElseThrow(
                    () -> ApiException.badRequest("BadParameter", "Field 'role' is required."));
            try {
                Optional<Duration> ttl = text(body, "ttl").map(Durations::parse);
                String name = text(body, "name").orElse("created by " + caller.name());
                IssuedToken issued = tokens.create(name, role, text(body, "scope").orElse("/"), ttl);
                Map<String, Object> out = describe(issued.info());
                out.put("token", issued.bearer());
                send(res, Status.CREATED_201, out);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("BadParameter", e.getMessage());
            }
        });
        routing.get("/admin/tokens", (req, res) -> {
            context.require(req, READ, "/");
            List<Map<String, Object>> value = tokens.list().stream().map(TokenRoutes::describe).toList();
            send(res, Status.OK_200, Map.of("value", value));
        });
        routing.delete("/admin/tokens/{id}", (req, res) -> {
            context.require(req, WRITE, "/");
            String id = req.path().pathParameters().get("id");
            TokenInfo info = tokens.revoke(id).orElseThrow(
                    () -> ApiException.notFound("TokenNotFound", "No token with id '" + id + "'."));
            send(res, Status.OK_200, describe(info));
        });
    }

    /** The public description of a token, as the API and CLI show it. */
    public static Map<String, Object> describe(TokenInfo info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", info.id());
        out.put("name", info.name());
        out.put("role", info.role());
        out.put("scope", info.scope());
        out.put("created", info.createdAt().toString());
        out.put("expires", info.expiresAt().map(Instant::toString).orElse(null));
        out.put("revoked", info.revokedAt().map(Instant::toString).orElse(null));
        return out;
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw ApiException.badRequest("BadParameter", "Field '" + field + "' must be a string.");
        }
        return Optional.of(node.asString());
    }

    private static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.MAPPER.writeValueAsBytes(body));
    }
}
