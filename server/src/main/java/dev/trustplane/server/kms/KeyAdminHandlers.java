package dev.trustplane.server.kms;

import dev.trustplane.kms.Kms;
import dev.trustplane.kms.RotationPolicy;
import dev.trustplane.server.ServerContext;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Backup ({@code POST /keys/{name}/backup}), restore ({@code POST /keys/restore}), rotate
 * ({@code POST /keys/{name}/rotate}) and the rotation policy ({@code GET|PUT /keys/{name}/rotationpolicy}).
 */
final class KeyAdminHandlers {
    static final Set<String> PATHS = Set.of("backup", "rotate", "rotationpolicy");

    private final Kms kms;
    private final ServerContext context;

    KeyAdminHandlers(Kms kms, ServerContext context) {
        this.kms = kms;
        this.context = context;
    }

    void restore(ServerRequest req, ServerResponse res) {
        context.require(req, Actions.RESTORE, "/keys");
        JsonNode body = context.bodies().readJson(req);
        KeyRequests.only(body, Set.of("value"), "");
        var bundle = kms.restore(KeyRequests.requiredBytes(body, "value"));
        KeyVaultHttp.send(res, Status.OK_200, KeyJson.bundle(KeyVaultHttp.base(req), bundle));
    }

    void handle(ServerRequest req, ServerResponse res, String name, String what) {
        String resource = "/keys/" + name;
        Method method = req.prologue().method();
        switch (what) {
            case "backup" -> {
                require(req, Method.POST);
                context.require(req, Actions.BACKUP, resource);
                KeyVaultHttp.send(res, Status.OK_200, Map.of("value", KeyJson.b64(kms.backup(name))));
            }
            case "rotate" -> {
                require(req, Method.POST);
                context.require(req, Actions.ROTATE, resource);
                KeyVaultHttp.send(res, Status.OK_200, KeyJson.bundle(KeyVaultHttp.base(req), kms.rotate(name)));
            }
            default -> {
                if (method == Method.GET) {
                    context.require(req, Actions.READ, resource);
                    KeyVaultHttp.send(res, Status.OK_200, render(KeyVaultHttp.base(req), name, kms.rotationPolicy(name)));
                } else if (method == Method.PUT) {
                    context.require(req, Actions.WRITE, resource);
                    var policy = parse(context.bodies().readJson(req));
                    KeyVaultHttp.send(res, Status.OK_200, render(KeyVaultHttp.base(req), name, kms.setRotationPolicy(name, policy)));
                } else {
                    throw KeysRoutes.methodNotAllowed(req);
                }
            }
        }
    }

    static Map<String, Object> render(String base, String name, RotationPolicy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", base + "/keys/" + name + "/rotationpolicy");
        List<Map<String, Object>> actions = new ArrayList<>();
        for (var a : policy.lifetimeActions()) {
            Map<String, Object> trigger = new LinkedHashMap<>();
            a.timeAfterCreate().ifPresent(p -> trigger.put("timeAfterCreate", p.toString()));
            a.timeBeforeExpiry().ifPresent(p -> trigger.put("timeBeforeExpiry", p.toString()));
            actions.add(Map.of("trigger", trigger, "action",
                    Map.of("type", a.type() == RotationPolicy.ActionType.ROTATE ? "Rotate" : "Notify")));
        }
        out.put("lifetimeActions", actions);
        Map<String, Object> attributes = new LinkedHashMap<>();
        policy.expiryTime().ifPresent(p -> attributes.put("expiryTime", p.toString()));
        policy.created().ifPresent(t -> attributes.put("created", t.getEpochSecond()));
        policy.updated().ifPresent(t -> attributes.put("updated", t.getEpochSecond()));
        out.put("attributes", attributes);
        return out;
    }

    static RotationPolicy parse(JsonNode body) {
        KeyRequests.only(body, Set.of("id", "lifetimeActions", "attributes"), "");
        List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
        JsonNode list = body.path("lifetimeActions");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw KeyRequests.bad("'lifetimeActions' must be an array.");
        }
        for (JsonNode a : list.isArray() ? list : List.<JsonNode>of()) {
            KeyRequests.only(a, Set.of("trigger", "action"), "lifetimeActions.");
            JsonNode trigger = a.path("trigger");
            KeyRequests.only(trigger, Set.of("timeAfterCreate", "timeBeforeExpiry"), "lifetimeActions.trigger.");
            String type = a.path("action").path("type").asString("").toLowerCase(Locale.ROOT);
            RotationPolicy.ActionType t = switch (type) {
                case "rotate" -> RotationPolicy.ActionType.ROTATE;
                case "notify" -> RotationPolicy.ActionType.NOTIFY;
                default -> throw KeyRequests.bad("A lifetime action's type must be Rotate or Notify.");
            };
            actions.add(new RotationPolicy.LifetimeAction(t, period(trigger, "timeAfterCreate"), period(trigger, "timeBeforeExpiry")));
        }
        JsonNode attributes = body.path("attributes");
        if (attributes.isObject()) {
            KeyRequests.only(attributes, Set.of("expiryTime", "created", "updated"), "attributes.");
        }
        return new RotationPolicy(actions, period(attributes, "expiryTime"), Optional.empty(), Optional.empty());
    }

    private static Optional<Period> period(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Period.parse(value.asString()));
        } catch (DateTimeParseException e) {
            throw KeyRequests.bad("'" + field + "' must be an ISO-8601 period in days, months or years, such as P90D.");
        }
    }

    private static void require(ServerRequest req, Method method) {
        if (req.prologue().method() != method) {
            throw KeysRoutes.methodNotAllowed(req);
        }
    }
}
