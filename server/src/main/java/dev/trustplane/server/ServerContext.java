package dev.trustplane.server;

import dev.trustplane.server.auth.AuditTrail;
import dev.trustplane.server.auth.Authorizer;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.auth.TokenService;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Bodies;
import dev.trustplane.store.Store;
import io.helidon.webserver.http.ServerRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What route handlers get from the server: the store, authentication and authorization, body reading,
 * metrics, the clock and the audit trail on the ledger. Routes only adapt HTTP to module APIs; decisions belong to
 * the modules.
 */
public record ServerContext(Store store, TokenService tokens, Authorizer authorizer, Bodies bodies,
        MeterRegistry metrics, Clock clock, AuditTrail audit) {

    /** The authenticated caller of a protected route (set by the authentication filter). */
    public Principal principal(ServerRequest req) {
        return req.context().get(Principal.class, Principal.class)
                .orElseThrow(() -> new IllegalStateException("route is not behind authentication"));
    }

    /**
     * Returns the caller when it may perform {@code action} on {@code resource}; otherwise records the refusal on
     * the ledger ({@link AuditTrail#forbidden}) and throws a 403.
     */
    public Principal require(ServerRequest req, String action, String resource) {
        Principal principal = principal(req);
        if (!authorizer.permits(principal, action, resource)) {
            audit.forbidden(principal, action, resource);
            throw ApiException.forbidden("The caller's role '" + principal.role() + "' does not permit " + action
                    + " on " + resource + ".");
        }
        return principal;
    }
}
