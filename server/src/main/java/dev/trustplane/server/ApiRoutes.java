package dev.trustplane.server;

import io.helidon.webserver.http.HttpRouting;

/** One API's routes. Each API (tokens, keys, attestation, ledger, …) registers itself through this. */
public interface ApiRoutes {
    void register(HttpRouting.Builder routing, ServerContext context);

    /** Paths (exact, or prefixes ending in "/") that need no authentication, e.g. public keys. */
    default java.util.List<String> publicPaths() {
        return java.util.List.of();
    }
}
