package dev.trustplane.server.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Who made a request: the identity behind an accepted bearer token. Holds no secret.
 *
 * @param id the token's public identifier
 * @param name who the token was issued to (free text chosen by the administrator)
 * @param role the role the token carries
 * @param scope the resource scope the role applies to: {@code /} for everything, else a path such as
 *     {@code /keys/NAME}
 * @param expiresAt when the token stops working, if ever
 */
public record Principal(String id, String name, String role, String scope, Optional<Instant> expiresAt) {
    /** True when {@code resource} lies within this principal's scope ({@code /keys/a} is within {@code /keys}). */
    public boolean covers(String resource) {
        if (scope.equals("/")) {
            return true;
        }
        return resource.equals(scope) || resource.startsWith(scope + "/");
    }
}
