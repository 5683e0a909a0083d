package dev.trustplane.server.auth;

import dev.trustplane.store.Store;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Issues, lists, revokes and checks bearer tokens. Tokens live in the store as hashes only; the bearer
 * value exists in memory just long enough to be returned to the caller once.
 */
public final class TokenService {
    /** Migration location of this service's table. */
    public static final String MIGRATIONS = "db/server";
    private static final Pattern SCOPE = Pattern.compile("/|(/[A-Za-z0-9._-]{1,127}){1,4}");
    private static final int MAX_NAME = 200;

    private final Store store;
    private final RoleAuthorizer roles;
    private final Clock clock;
    private final VerifiedTokens verified;

    public TokenService(Store store, RoleAuthorizer roles, Clock clock) {
        this.store = store;
        this.roles = roles;
        this.clock = clock;
        this.verified = new VerifiedTokens(clock);
    }

    /**
     * Creates a token. {@code ttl} empty means it never expires.
     *
     * @throws IllegalArgumentException naming the bad field, for an unknown role, a malformed scope or name,
     *     or a non-positive ttl
     */
    public IssuedToken create(String name, String role, String scope, Optional<Duration> ttl) {
        if (!roles.hasRole(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "'; known roles: " + String.join(", ", roles.roleNames()));
        }
        if (!SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("scope must be / or a path such as /keys/NAME, got '" + scope + "'");
        }
        if (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must be 1-" + MAX_NAME + " printable characters");
        }
        if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().isZero())) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String id = BearerTokens.newId();
        String bearer = BearerTokens.newBearer(id);
        TokenInfo info = new TokenInfo(id, name, role, scope, now, ttl.map(now::plus), Optional.empty());
        store.useTransaction(h -> h.createUpdate("""
                INSERT INTO auth_tokens (id, secret_hash, name, role, scope, created_at, expires_at)
                VALUES (:id, :hash, :name, :role, :scope, :created, :expires)""")
                .bind("id", id)
                .bind("hash", HexFormat.of().formatHex(BearerTokens.hash(bearer)))
                .bind("name", name)
                .bind("role", role)
                .bind("scope", scope)
                .bind("created", now.getEpochSecond())
                .bind("expires", info.expiresAt().map(Instant::getEpochSecond).orElse(null))
                .execute());
        return new IssuedToken(bearer, info);
    }

    /**
     * Checks a presented bearer value and returns its principal. A token verified against the store within the
     * last {@link VerifiedTokens#TTL} is not read again (see {@link VerifiedTokens}: a revocation on another
     * replica takes up to that long to apply here; expiry always applies at once).
     */
    public Principal authenticate(String bearer) throws AuthenticationException {
        byte[] presentedHash = BearerTokens.hash(bearer);
        // Looked up before parsing: only well-formed tokens that matched a stored hash are remembered, so a hit
        // is a token that parsed before (the same hash, the same value). The regex was a tenth of the request.
        var recent = verified.recent(presentedHash);
        if (recent.isPresent()) {
            return active(recent.get()).principal();
        }
        var parsed = BearerTokens.parse(bearer)
                .orElseThrow(() -> new AuthenticationException(AuthenticationException.Reason.MALFORMED));
        var row = store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM auth_tokens WHERE id = :id")
                .bind("id", parsed.id())
                .map((rs, ctx) -> new StoredToken(rs.getString("secret_hash"), toInfo(rs, ctx)))
                .findOne());
        // Compare even when the id is unknown, so both paths cost the same.
        byte[] expected = row.map(r -> HexFormat.of().parseHex(r.secretHash())).orElse(new byte[presentedHash.length]);
        if (!MessageDigest.isEqual(presentedHash, expected) || row.isEmpty()) {
            throw new AuthenticationException(AuthenticationException.Reason.UNKNOWN);
        }
        TokenInfo info = row.get().info();
        if (info.revokedAt().isPresent()) {
            throw new AuthenticationException(AuthenticationException.Reason.REVOKED);
        }
        active(info);
        verified.remember(presentedHash, info);
        return info.principal();
    }

    private TokenInfo active(TokenInfo info) throws AuthenticationException {
        if (!info.activeAt(clock.instant())) {
            throw new AuthenticationException(AuthenticationException.Reason.EXPIRED);
        }
        return info;
    }

    public List<TokenInfo> list() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM auth_tokens ORDER BY created_at, id")
                .map((rs, ctx) -> toInfo(rs, ctx))
                .list());
    }

    /** Revokes a token; returns its description, or empty when no such token exists. Revoking twice is harmless. */
    public Optional<TokenInfo> revoke(String id) {
        long now = clock.instant().getEpochSecond();
        store.useTransaction(h -> h.createUpdate(
                        "UPDATE auth_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now)
                .bind("id", id)
                .execute());
        verified.forget(id);
        return list().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private record StoredToken(String secretHash, TokenInfo info) {}

    private static TokenInfo toInfo(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        return new TokenInfo(rs.getString("id"), rs.getString("name"), rs.getString("role"), rs.getString("scope"),
                Instant.ofEpochSecond(rs.getLong("created_at")), epoch(rs, "expires_at"), epoch(rs, "revoked_at"));
    }

    private static Optional<Instant> epoch(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(value));
    }
}
