package dev.trustplane.server.auth.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Managed HSM local RBAC scope: {@code /} or {@code /keys} (the whole HSM; Managed HSM documents the two as
 * equivalent for authorization) or {@code /keys/{name}} (every version of one key).
 */
public record RoleScope(String path) {
    public static final RoleScope GLOBAL = new RoleScope("/");
    public static final RoleScope KEYS = new RoleScope("/keys");
    private static final Pattern KEY_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

    /**
     * Parses a scope as clients write it: with or without the leading slash, with a trailing slash, and
     * {@code keys} in any case ({@code ""}, {@code "/"}, {@code "keys"}, {@code "/keys/db-key"}).
     *
     * @throws RbacException BadParameter naming the scope when it is none of the three forms
     */
    public static RoleScope parse(String text) {
        String trimmed = text.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return GLOBAL;
        }
        String[] parts = trimmed.split("/", -1);
        if (parts[0].equalsIgnoreCase("keys")) {
            if (parts.length == 1) {
                return KEYS;
            }
            if (parts.length == 2 && KEY_NAME.matcher(parts[1]).matches()) {
                return new RoleScope("/keys/" + parts[1]);
            }
        }
        throw RbacException.badParameter("The scope '" + printable(text)
                + "' is not supported; use '/', '/keys' or '/keys/{key-name}'.");
    }

    /** True for {@code /} and {@code /keys}, which cover every resource of the HSM. */
    public boolean hsmWide() {
        return path.equals("/") || path.equals("/keys");
    }

    /** True when an assignment at this scope applies to {@code resource} (e.g. {@code /keys/db-key}). */
    public boolean covers(String resource) {
        return hsmWide() || resource.equals(path) || resource.startsWith(path + "/");
    }

    /**
     * This scope, every scope above it and its HSM-wide twin, for "at scope" listings: {@code /keys/k} → /keys/k,
     * /keys, /; {@code /keys} → /keys, /; {@code /} → /, /keys. Managed HSM lists the two HSM-wide scopes together
     * ("the top level") and key-level assignments only at or below their key.
     */
    public List<RoleScope> atOrAbove() {
        List<RoleScope> out = new ArrayList<>();
        out.add(this);
        if (!path.equals("/keys")) {
            out.add(KEYS);
        }
        if (!path.equals("/")) {
            out.add(GLOBAL);
        }
        return out;
    }

    /** The prefix of ids of objects at this scope: "" for {@code /}, else the path ({@code /keys/providers/…}). */
    public String idPrefix() {
        return path.equals("/") ? "" : path;
    }

    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
