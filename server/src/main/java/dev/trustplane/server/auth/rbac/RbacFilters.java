package dev.trustplane.server.auth.rbac;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData {@code $filter} expressions the Managed HSM RBAC list calls accept: {@code atScope()} and
 * {@code principalId eq '{id}'} for assignments, {@code atScopeAndBelow()} and {@code roleName eq '{name}'} for
 * definitions. Anything else is a 400 rather than being silently ignored (ignoring it would return more than
 * the caller asked for).
 */
final class RbacFilters {
    private static final Pattern EQ = Pattern.compile("\\s*(\\w+)\\s+eq\\s+'((?:[^']|'')*)'\\s*");

    private RbacFilters() {}

    /** The principal to filter on, or empty for "at scope and above". */
    static Optional<String> assignments(Optional<String> filter) {
        return parse(filter, "atScope()", "principalId");
    }

    /** The role name to filter on, or empty for all. */
    static Optional<String> definitions(Optional<String> filter) {
        return parse(filter, "atScopeAndBelow()", "roleName");
    }

    private static Optional<String> parse(Optional<String> filter, String function, String field) {
        if (filter.isEmpty() || filter.get().isBlank() || filter.get().strip().equalsIgnoreCase(function)) {
            return Optional.empty();
        }
        Matcher m = EQ.matcher(filter.get());
        if (m.matches() && m.group(1).equalsIgnoreCase(field)) {
            return Optional.of(m.group(2).replace("''", "'"));
        }
        throw RbacException.badParameter("The $filter '" + RoleScope.printable(filter.get()) + "' is not supported; use "
                + function + " or " + field + " eq '...'.");
    }
}
