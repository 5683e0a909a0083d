package dev.trustplane.server.auth;

/**
 * Decides whether an authenticated principal may perform an action on a resource. One implementation
 * serves every API so that the rules live in one place; the KMS adds Managed HSM's roles to it.
 *
 * <p>Implementations must be deny-by-default: an unknown role or action is refused.
 */
public interface Authorizer {
    /**
     * @param principal the caller
     * @param action a data action name, e.g. {@code Microsoft.KeyVault/managedHsm/keys/read/action} or
     *     {@code Trustplane/tokens/write}
     * @param resource the resource path the action applies to, e.g. {@code /keys/db-key}
     * @return true only when the principal's role grants the action and its scope covers the resource
     */
    boolean permits(Principal principal, String action, String resource);
}
