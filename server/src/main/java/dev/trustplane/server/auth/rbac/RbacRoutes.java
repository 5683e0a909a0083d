package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.auth.AuditTrail;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Managed HSM's local RBAC API: {@code /{scope}/providers/Microsoft.Authorization/roleDefinitions[/{name}]}
 * (list with {@code $filter}, get, create/update and delete custom definitions) and
 * {@code /{scope}/providers/Microsoft.Authorization/roleAssignments[/{name}]} (list, get, create, delete), with
 * {@code {scope}} one of {@code /}, {@code /keys}, {@code /keys/{key-name}}.
 *
 * <p>One handler sees every path and takes those containing {@code /providers/Microsoft.Authorization/}: the
 * Azure SDKs build these URLs by pasting the scope after the base URL, so a global scope arrives as
 * {@code ///providers/...} and a key scope as {@code //keys/providers/...}, which route patterns would not
 * match (see {@link #path}). It must be
 * registered before the keys API, whose {@code /keys/...} routes would otherwise claim key-scoped paths.
 *
 * <p>Each call checks, in order: api-version (400), the scope (400), authorization with the Managed HSM role
 * management data action on the scope (403; definitions are checked on {@code /}), then the body. Lists are paged
 * ({@link RbacPaging}); every write, done or refused, is recorded on the ledger ({@link RbacAudit}).
 */
public final class RbacRoutes implements ApiRoutes {
    /** The RBAC API versions answered (Managed HSM's 7.4 and later). */
    public static final List<String> API_VERSIONS = List.of("7.4", "7.5", "7.6", "2025-07-01");
    private static final Pattern PATH = Pattern.compile(
            "(.*?)/providers/Microsoft\\.Authorization/(roleDefinitions|roleAssignments)(?:/([^/]*))?/?",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LOST_PROVIDERS = Pattern.compile(
            "/Microsoft\\.Authorization/(roleDefinitions|roleAssignments)(/[^/]*)?/?", Pattern.CASE_INSENSITIVE);

    private final RoleManagement rbac;
    private final RbacAudit audit;

    /** Routes over {@code rbac}, recording every change and refused change in {@code trail}. */
    public RbacRoutes(RoleManagement rbac, AuditTrail trail) {
        this.rbac = rbac;
        this.audit = new RbacAudit(trail);
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.any((req, res) -> {
            Matcher m = PATH.matcher(path(req));
            if (!m.matches()) {
                res.next();
                return;
            }
            apiVersion(req);
            try {
                RoleScope scope = RoleScope.parse(m.group(1));
                String name = m.group(3) == null || m.group(3).isEmpty() ? null : m.group(3);
                if (m.group(2).equalsIgnoreCase("roleDefinitions")) {
                    definitions(req, res, context, scope, name);
                } else {
                    assignments(req, res, context, scope, name);
                }
            } catch (RbacException e) {
                throw toApi(e);
            }
        });
    }

    /**
     * The request path, repaired for the SDKs' global scope. They send {@code {vault}///providers/...}; the web
     * server reads a request target that starts with {@code //} as an authority followed by a path, so what
     * arrives is {@code /Microsoft.Authorization/...}, the {@code providers} segment taken for a host name.
     * Only that exact shape is mapped back to the global scope, whose authorization checks are the strictest.
     */
    private static String path(ServerRequest req) {
        String path = req.path().path();
        return LOST_PROVIDERS.matcher(path).matches() ? "/providers" + path : path;
    }

    private void definitions(ServerRequest req, ServerResponse res, ServerContext context, RoleScope scope, String name) {
        Method method = req.prologue().method();
        if (name == null) {
            allow(req, Method.GET);
            context.require(req, DataActions.ROLE_DEFINITIONS_READ, "/");
            Optional<String> roleName = RbacFilters.definitions(RequestParams.query(req, "$filter"));
            List<RoleDefinition> all = rbac.listDefinitions(roleName);
            var page = RbacPaging.page(req, all, pagingKey(all));
            send(res, Status.OK_200, RbacPaging.body(req, scope, "roleDefinitions", page, RbacJson::definition));
        } else if (method == Method.GET) {
            context.require(req, DataActions.ROLE_DEFINITIONS_READ, "/");
            send(res, Status.OK_200, RbacJson.definition(rbac.getDefinition(name)));
        } else if (method == Method.PUT) {
            Principal caller = context.require(req, DataActions.ROLE_DEFINITIONS_WRITE, "/");
            RoleDefinition put = audit.definitionPut(caller, scope, name,
                    () -> rbac.putDefinition(scope, name, RbacJson.definitionDraft(context.bodies().readJson(req))));
            send(res, Status.CREATED_201, RbacJson.definition(put));
        } else if (method == Method.DELETE) {
            Principal caller = context.require(req, DataActions.ROLE_DEFINITIONS_DELETE, "/");
            RoleDefinition deleted = audit.definitionDeleted(caller, scope, name, () -> rbac.deleteDefinition(scope, name));
            send(res, Status.OK_200, RbacJson.definition(deleted));
        } else {
            allow(req, Method.GET, Method.PUT, Method.DELETE);
        }
    }

    /** The built-in roles first, in Managed HSM's order (their position in the list), then custom ones by name. */
    private static java.util.function.Function<RoleDefinition, String> pagingKey(List<RoleDefinition> all) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            RoleDefinition d = all.get(i);
            keys.put(d.name(), d.builtIn() ? "0:%04d".formatted(i) : "1:" + d.name());
        }
        return d -> keys.get(d.name());
    }

    private void assignments(ServerRequest req, ServerResponse res, ServerContext context, RoleScope scope, String name) {
        Method method = req.prologue().method();
        if (name == null) {
            allow(req, Method.GET);
            context.require(req, DataActions.ROLE_ASSIGNMENTS_READ, scope.path());
            Optional<String> principal = RbacFilters.assignments(RequestParams.query(req, "$filter"));
            var page = RbacPaging.page(req, rbac.listAssignments(scope, principal), RoleAssignment::name);
            send(res, Status.OK_200, RbacPaging.body(req, scope, "roleAssignments", page, RbacJson::assignment));
        } else if (method == Method.GET) {
            context.require(req, DataActions.ROLE_ASSIGNMENTS_READ, scope.path());
            send(res, Status.OK_200, RbacJson.assignment(rbac.getAssignment(scope, name)));
        } else if (method == Method.PUT) {
            Principal caller = context.require(req, DataActions.ROLE_ASSIGNMENTS_WRITE, scope.path());
            RoleAssignment created = audit.assignmentCreated(caller, scope, name, () -> {
                var request = RbacJson.assignmentRequest(context.bodies().readJson(req));
                return rbac.createAssignment(scope, name, request.roleDefinitionId(), request.principalId());
            });
            send(res, Status.CREATED_201, RbacJson.assignment(created));
        } else if (method == Method.DELETE) {
            Principal caller = context.require(req, DataActions.ROLE_ASSIGNMENTS_DELETE, scope.path());
            RoleAssignment deleted = audit.assignmentDeleted(caller, scope, name, () -> rbac.deleteAssignment(scope, name));
            send(res, Status.OK_200, RbacJson.assignment(deleted));
        } else {
            allow(req, Method.GET, Method.PUT, Method.DELETE);
        }
    }

    private static void allow(ServerRequest req, Method... methods) {
        Method method = req.prologue().method();
        for (Method allowed : methods) {
            if (allowed == method) {
                return;
            }
        }
        throw new ApiException(Status.METHOD_NOT_ALLOWED_405, "MethodNotAllowed",
                "The method " + method.text() + " is not supported here.");
    }

    private static void apiVersion(ServerRequest req) {
        String version = RequestParams.query(req, "api-version").orElse("");
        if (!API_VERSIONS.contains(version)) {
            throw ApiException.badRequest("BadParameter", (version.isEmpty()
                    ? "The 'api-version' query parameter is required"
                    : "The api-version '" + RoleScope.printable(version) + "' is not supported")
                    + "; supported: " + String.join(", ", API_VERSIONS) + ".");
        }
    }

    private static ApiException toApi(RbacException e) {
        Status status = switch (e.kind()) {
            case BAD_REQUEST -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
        };
        return new ApiException(status, e.code(), e.getMessage());
    }

    private static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
