package dev.trustplane.server.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role-based authorization: each role is a list of permitted action patterns ({@code *} at the end
 * matches any suffix). A principal may act when its role grants the action and its scope covers the
 * resource. Built-in: {@code Administrator}, which may do everything. Later modules register their roles
 * (the KMS adds Managed HSM's built-in roles) before the server starts; the catalogue is then fixed.
 */
public final class RoleAuthorizer implements Authorizer {
    public static final String ADMINISTRATOR = "Administrator";

    private final Map<String, List<String>> roles;

    private RoleAuthorizer(Map<String, List<String>> roles) {
        this.roles = Collections.unmodifiableMap(roles);
    }

    public static Builder builder() {
        return new Builder().role(ADMINISTRATOR, List.of("*"));
    }

    /** The names of all roles, in registration order. */
    public Set<String> roleNames() {
        return roles.keySet();
    }

    public boolean hasRole(String name) {
        return roles.containsKey(name);
    }

    /** The action patterns a role grants; empty for an unknown role. */
    public List<String> grants(String role) {
        return roles.getOrDefault(role, List.of());
    }

    @Override
    public boolean permits(Principal principal, String action, String resource) {
        List<String> grants = roles.get(principal.role());
        if (grants == null || !principal.covers(resource)) {
            return false;
        }
        for (String grant : grants) {
            if (grant.endsWith("*") ? action.startsWith(grant.substring(0, grant.length() - 1)) : grant.equals(action)) {
                return true;
            }
        }
        return false;
    }

    public static final class Builder {
        private final Map<String, List<String>> roles = new LinkedHashMap<>();

        public Builder role(String name, List<String> actionPatterns) {
            roles.put(name, List.copyOf(actionPatterns));
            return this;
        }

        public RoleAuthorizer build() {
            return new RoleAuthorizer(new LinkedHashMap<>(roles));
        }
    }
}
