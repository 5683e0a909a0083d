package dev.trustplane.server.auth;

/**
 * A newly created token: the secret bearer value, shown once, and its public description.
 * {@code toString} never includes the secret.
 */
public record IssuedToken(String bearer, TokenInfo info) {
    @Override
    public String toString() {
        return "IssuedToken[bearer=<redacted>, info=" + info + "]";
    }
}
