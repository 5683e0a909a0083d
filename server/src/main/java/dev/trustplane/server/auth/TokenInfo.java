package dev.trustplane.server.auth;

import java.time.Instant;
import java.util.Optional;

/** What is known about a token besides its secret: safe to list and to log. */
public record TokenInfo(String id, String name, String role, String scope, Instant createdAt,
        Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    public Principal principal() {
        return new Principal(id, name, role, scope, expiresAt);
    }
}
