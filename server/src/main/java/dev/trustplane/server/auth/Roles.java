package dev.trustplane.server.auth;

/**
 * The role catalogue of this Trustplane build: the one place that lists every role and what it may do,
 * used by the server and by the offline {@code trustplane token} commands alike.
 */
public final class Roles {
    private Roles() {}

    public static RoleAuthorizer catalogue() {
        return RoleAuthorizer.builder().build();
    }
}
