package dev.trustplane.server.auth.rbac;

import dev.trustplane.server.auth.ClientCertificates;
import dev.trustplane.server.auth.RoleAuthorizer;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Managed HSM local RBAC: role definitions (Managed HSM's nine built-in roles plus custom ones) and role
 * assignments, kept in the store (tables {@code rbac_*}, migrations {@code db/rbac}), and the decision of what an
 * assignment lets a principal do.
 *
 * <p>Principals are Trustplane bearer tokens: an assignment's {@code principalId} is a token's id (the 16 hex
 * digits {@code trustplane token create} and {@code GET /admin/tokens} show), or a client certificate's identity
 * ({@code x509:dns:app.internal}, see {@link ClientCertificates}). A caller may act when its
 * token's own role permits it (unchanged) <em>or</em> one of its assignments does: an assignment applies when
 * its scope covers the resource ({@code /} and {@code /keys} cover the whole HSM, {@code /keys/{name}} one
 * key) and its role definition grants the data action (data actions minus not-data-actions, per permission
 * block). Assignments can only add Managed HSM data actions, never Trustplane's own (tokens, ledger).
 *
 * <p>Every write is one transaction; uniqueness (assignment per scope, role and principal; role names) is
 * checked inside it and backed by unique indexes, so concurrent writers get 409, never duplicates. Deleting a
 * custom role leaves its assignments in place but defunct (they grant nothing), as Managed HSM documents.
 */
public final class RoleManagement {
    public static final String OWNER = "rbac";
    public static final String MIGRATIONS = "db/rbac";
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DEFINITION_ID = Pattern.compile(
            "(?:/?Microsoft\\.KeyVault)?(?:/keys)?/?(?:providers/Microsoft\\.Authorization/roleDefinitions/)?(" + GUID + ")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_ROLE_NAME = 200;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_ACTIONS = 100;

    private final Store store;
    private final BuiltInRoles builtIns;
    private final DataActions dataActions;
    private final Predicate<String> principalExists;
    private final Clock clock;

    /**
     * Opens role management on {@code store}, migrating its tables.
     *
     * @param catalogue the server's role catalogue, source of the built-in roles' data actions
     * @param principalExists tells whether a principal id names a token (revoked ones included)
     */
    public static RoleManagement open(Store store, RoleAuthorizer catalogue, Predicate<String> principalExists, Clock clock) {
        store.migrate(OWNER, MIGRATIONS);
        return new RoleManagement(store, catalogue, principalExists, clock);
    }

    private RoleManagement(Store store, RoleAuthorizer catalogue, Predicate<String> principalExists, Clock clock) {
        this.store = store;
        this.builtIns = new BuiltInRoles(catalogue);
        this.dataActions = new DataActions(builtIns.grantedActions());
        this.principalExists = principalExists;
        this.clock = clock;
    }

    // ---- authorization ----

    /** True when an assignment of {@code principalId} whose scope covers {@code resource} grants {@code action}. */
    public boolean permits(String principalId, String action, String resource) {
        List<Grant> grants = store.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.scope, a.role_definition, d.permissions FROM rbac_role_assignments a
                        LEFT JOIN rbac_role_definitions d ON d.name = a.role_definition
                        WHERE a.principal_id = :p""")
                .bind("p", principalId)
                .map((rs, ctx) -> new Grant(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
        for (Grant grant : grants) {
            if (!new RoleScope(grant.scope()).covers(resource)) {
                continue;
            }
            Optional<RoleDefinition> definition = builtIns.find(grant.definition())
                    .or(() -> Optional.ofNullable(grant.permissions())
                            .map(json -> new RoleDefinition(grant.definition(), "", "", false, RbacJson.permissions(json),
                                    List.of())));
            if (definition.isPresent() && definition.get().grants(action)) {
                return true;
            }
        }
        return false;
    }

    private record Grant(String scope, String definition, String permissions) {}

    // ---- role definitions ----

    /** Every definition (built-in first), optionally only the one whose role name equals {@code roleName}. */
    public List<RoleDefinition> listDefinitions(Optional<String> roleName) {
        List<RoleDefinition> all = new ArrayList<>(builtIns.all());
        all.addAll(store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM rbac_role_definitions ORDER BY created_at, name")
                .map((rs, ctx) -> custom(rs)).list()));
        return roleName.map(n -> all.stream().filter(d -> d.roleName().equalsIgnoreCase(n)).toList()).orElse(all);
    }

    /** @throws RbacException 404 RoleDefinitionNotFound */
    public RoleDefinition getDefinition(String name) {
        String guid = guid(name, "roleDefinitionName");
        return builtIns.find(guid).or(() -> store.jdbi().withHandle(h -> findCustom(h, guid)))
                .orElseThrow(() -> definitionNotFound(guid));
    }

    /**
     * Creates or replaces the custom definition {@code name}.
     *
     * @throws RbacException 400 for a bad name, scope, field or data action, or a built-in name; 409
     *     RoleDefinitionWithSameNameExists when another definition has the role name
     */
    public DefinitionPut putDefinition(RoleScope scope, String name, RoleDefinitionDraft draft) {
        String guid = guid(name, "roleDefinitionName");
        if (!scope.hsmWide()) {
            throw RbacException.badParameter("Role definitions exist at scope '/' only, not '" + scope.path() + "'.");
        }
        if (builtIns.find(guid).isPresent()) {
            throw RbacException.badParameter("Role definition '" + guid + "' is built in and cannot be changed.");
        }
        RoleDefinition definition = validate(guid, draft);
        if (builtIns.all().stream().anyMatch(b -> b.roleName().equalsIgnoreCase(definition.roleName()))) {
            throw sameName(definition.roleName());
        }
        long now = clock.instant().getEpochSecond();
        try {
            boolean created = store.inTransaction(h -> {
                boolean taken = h.createQuery("SELECT COUNT(*) FROM rbac_role_definitions WHERE role_name_key = :k AND name <> :n")
                        .bind("k", key(definition.roleName())).bind("n", guid).mapTo(Integer.class).one() > 0;
                if (taken) {
                    throw sameName(definition.roleName());
                }
                int updated = h.createUpdate("""
                                UPDATE rbac_role_definitions SET role_name = :roleName, role_name_key = :key,
                                description = :description, permissions = :permissions, assignable_scopes = :scopes,
                                updated_at = :now WHERE name = :name""")
                        .bindMap(columns(definition)).bind("now", now).execute();
                if (updated == 0) {
                    h.createUpdate("""
                                    INSERT INTO rbac_role_definitions (name, role_name, role_name_key, description,
                                    permissions, assignable_scopes, created_at, updated_at)
                                    VALUES (:name, :roleName, :key, :description, :permissions, :scopes, :now, :now)""")
                            .bindMap(columns(definition)).bind("now", now).execute();
                }
                return updated == 0;
            });
            return new DefinitionPut(definition, created);
        } catch (RuntimeException e) {
            if (store.dialect().isUniqueViolation(e)) {
                throw sameName(definition.roleName());
            }
            throw e;
        }
    }

    /** What {@link #putDefinition} stored, and whether it created the definition (false: replaced it). */
    public record DefinitionPut(RoleDefinition definition, boolean created) {}

    /** Deletes a custom definition; its assignments stay but grant nothing. @throws RbacException 400 built-in, 404 */
    public RoleDefinition deleteDefinition(RoleScope scope, String name) {
        String guid = guid(name, "roleDefinitionName");
        if (!scope.hsmWide()) {
            throw RbacException.badParameter("Role definitions exist at scope '/' only, not '" + scope.path() + "'.");
        }
        if (builtIns.find(guid).isPresent()) {
            throw RbacException.badParameter("Role definition '" + guid + "' is built in and cannot be deleted.");
        }
        return store.inTransaction(h -> {
            RoleDefinition existing = findCustom(h, guid).orElseThrow(() -> definitionNotFound(guid));
            h.createUpdate("DELETE FROM rbac_role_definitions WHERE name = :n").bind("n", guid).execute();
            return existing;
        });
    }

    // ---- role assignments ----

    /**
     * Creates an assignment. Repeating the same request is harmless (the existing assignment is returned).
     *
     * @throws RbacException 400 BadParameter / RoleDefinitionDoesNotExist / PrincipalNotFound; 409
     *     RoleAssignmentExists (same role, principal and scope under another name) or
     *     RoleAssignmentUpdateNotPermitted (the name is taken by a different assignment)
     */
    public RoleAssignment createAssignment(RoleScope scope, String name, String roleDefinitionId, String principalId) {
        String guid = guid(name, "roleAssignmentName");
        Matcher id = DEFINITION_ID.matcher(roleDefinitionId);
        if (!id.matches()) {
            throw RbacException.badParameter("properties.roleDefinitionId '" + RoleScope.printable(roleDefinitionId)
                    + "' is not a role definition id such as '" + RoleDefinition.ID_PREFIX + "{guid}'.");
        }
        String definition = id.group(1).toLowerCase(Locale.ROOT);
        boolean certificate = ClientCertificates.PRINCIPAL_ID.matcher(principalId).matches();
        if (!TOKEN_ID.matcher(principalId).matches() && !certificate) {
            throw RbacException.badParameter("properties.principalId '" + RoleScope.printable(principalId)
                    + "' is not a Trustplane token id (16 lower-case hex digits) or a client certificate principal "
                    + "(x509:uri|dns|email|cn:NAME, at most " + ClientCertificates.MAX_ID + " characters).");
        }
        // Certificates are not registered anywhere: whoever the client CA issues one for that name is the principal.
        if (!certificate && !principalExists.test(principalId)) {
            throw RbacException.badRequest("PrincipalNotFound", "No token has the id '" + principalId + "'.");
        }
        RoleAssignment wanted = new RoleAssignment(guid, scope, definition, principalId);
        try {
            return store.inTransaction(h -> {
                if (builtIns.find(definition).isEmpty() && findCustom(h, definition).isEmpty()) {
                    throw RbacException.badRequest("RoleDefinitionDoesNotExist",
                            "The role definition '" + definition + "' does not exist.");
                }
                Optional<RoleAssignment> sameName = findAssignment(h, "name = :v", guid);
                if (sameName.isPresent()) {
                    if (sameName.get().equals(wanted)) {
                        return wanted;
                    }
                    throw RbacException.conflict("RoleAssignmentUpdateNotPermitted", "The role assignment '" + guid
                            + "' exists with another scope, role or principal; assignments cannot be changed.");
                }
                Optional<RoleAssignment> same = h.createQuery("""
                                SELECT * FROM rbac_role_assignments
                                WHERE scope = :s AND role_definition = :d AND principal_id = :p""")
                        .bind("s", scope.path()).bind("d", definition).bind("p", principalId)
                        .map((rs, ctx) -> assignment(rs)).findOne();
                if (same.isPresent()) {
                    throw exists(same.get().name());
                }
                h.createUpdate("""
                                INSERT INTO rbac_role_assignments (name, scope, role_definition, principal_id, created_at)
                                VALUES (:n, :s, :d, :p, :at)""")
                        .bind("n", guid).bind("s", scope.path()).bind("d", definition).bind("p", principalId)
                        .bind("at", clock.instant().getEpochSecond()).execute();
                return wanted;
            });
        } catch (RuntimeException e) {
            if (store.dialect().isUniqueViolation(e)) {
                throw exists("(created concurrently)");
            }
            throw e;
        }
    }

    /** @throws RbacException 404 RoleAssignmentNotFound when no assignment has this name at this scope */
    public RoleAssignment getAssignment(RoleScope scope, String name) {
        String guid = guid(name, "roleAssignmentName");
        return store.jdbi().withHandle(h -> findAssignment(h, "name = :v", guid))
                .filter(a -> a.scope().equals(scope))
                .orElseThrow(() -> assignmentNotFound(guid, scope));
    }

    /** Deletes an assignment and returns it. @throws RbacException 404 RoleAssignmentNotFound */
    public RoleAssignment deleteAssignment(RoleScope scope, String name) {
        String guid = guid(name, "roleAssignmentName");
        return store.inTransaction(h -> {
            RoleAssignment existing = findAssignment(h, "name = :v", guid).filter(a -> a.scope().equals(scope))
                    .orElseThrow(() -> assignmentNotFound(guid, scope));
            h.createUpdate("DELETE FROM rbac_role_assignments WHERE name = :n").bind("n", guid).execute();
            return existing;
        });
    }

    /**
     * Assignments at {@code scope} and above it, {@code /} and {@code /keys} listed together ({@link RoleScope#atOrAbove});
     * with a principal, that principal's assignments at, above and below {@code scope} (the two {@code $filter}s of
     * the API).
     */
    public List<RoleAssignment> listAssignments(RoleScope scope, Optional<String> principalId) {
        List<RoleAssignment> all = store.jdbi().withHandle(h -> principalId.isPresent()
                ? h.createQuery("SELECT * FROM rbac_role_assignments WHERE principal_id = :p ORDER BY created_at, name")
                        .bind("p", principalId.get()).map((rs, ctx) -> assignment(rs)).list()
                : h.createQuery("SELECT * FROM rbac_role_assignments ORDER BY created_at, name")
                        .map((rs, ctx) -> assignment(rs)).list());
        List<RoleScope> above = scope.atOrAbove();
        return all.stream().filter(a -> above.contains(a.scope())
                || (principalId.isPresent() && (scope.equals(RoleScope.GLOBAL) || a.scope().path().startsWith(scope.path() + "/"))))
                .toList();
    }

    // ---- helpers ----

    private RoleDefinition validate(String guid, RoleDefinitionDraft draft) {
        String roleName = draft.roleName().orElse(guid).strip();
        if (roleName.isEmpty() || roleName.length() > MAX_ROLE_NAME || roleName.chars().anyMatch(Character::isISOControl)) {
            throw RbacException.badParameter("properties.roleName must be 1-" + MAX_ROLE_NAME + " printable characters.");
        }
        String description = draft.description().orElse("");
        if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw RbacException.badParameter("properties.description must be at most " + MAX_DESCRIPTION
                    + " printable characters.");
        }
        int count = 0;
        for (int i = 0; i < draft.permissions().size(); i++) {
            Permission p = draft.permissions().get(i);
            for (String a : p.dataActions()) {
                dataActions.requireKnown(a, "properties.permissions[" + i + "].dataActions");
            }
            for (String a : p.notDataActions()) {
                dataActions.requireKnown(a, "properties.permissions[" + i + "].notDataActions");
            }
            count += p.dataActions().size() + p.notDataActions().size();
        }
        if (count > MAX_ACTIONS) {
            throw RbacException.badParameter("A role definition may name at most " + MAX_ACTIONS + " data actions.");
        }
        List<String> scopes = draft.assignableScopes().isEmpty() ? List.of("/") : draft.assignableScopes();
        for (String s : scopes) {
            if (!RoleScope.parse(s).hsmWide()) {
                throw RbacException.badParameter("properties.assignableScopes may contain '/' only, not '"
                        + RoleScope.printable(s) + "'.");
            }
        }
        return new RoleDefinition(guid, roleName, description, false, draft.permissions(),
                scopes.stream().map(s -> RoleScope.parse(s).path()).distinct().toList());
    }

    private static java.util.Map<String, Object> columns(RoleDefinition d) {
        return java.util.Map.of("name", d.name(), "roleName", d.roleName(), "key", key(d.roleName()),
                "description", d.description(), "permissions", RbacJson.permissionsText(d.permissions()),
                "scopes", RbacJson.stringsText(d.assignableScopes()));
    }

    private static Optional<RoleDefinition> findCustom(Handle h, String guid) {
        return h.createQuery("SELECT * FROM rbac_role_definitions WHERE name = :n").bind("n", guid)
                .map((rs, ctx) -> custom(rs)).findOne();
    }

    private static RoleDefinition custom(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RoleDefinition(rs.getString("name"), rs.getString("role_name"), rs.getString("description"), false,
                RbacJson.permissions(rs.getString("permissions")), RbacJson.strings(rs.getString("assignable_scopes")));
    }

    private static Optional<RoleAssignment> findAssignment(Handle h, String where, String value) {
        return h.createQuery("SELECT * FROM rbac_role_assignments WHERE " + where).bind("v", value)
                .map((rs, ctx) -> assignment(rs)).findOne();
    }

    private static RoleAssignment assignment(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RoleAssignment(rs.getString("name"), new RoleScope(rs.getString("scope")),
                rs.getString("role_definition"), rs.getString("principal_id"));
    }

    private static String guid(String name, String field) {
        if (!GUID.matcher(name).matches()) {
            throw RbacException.badParameter("The " + field + " '" + RoleScope.printable(name) + "' is not a GUID.");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String key(String roleName) {
        return roleName.toLowerCase(Locale.ROOT);
    }

    private static RbacException sameName(String roleName) {
        return RbacException.conflict("RoleDefinitionWithSameNameExists",
                "A role definition named '" + roleName + "' already exists.");
    }

    private static RbacException exists(String existingName) {
        return RbacException.conflict("RoleAssignmentExists",
                "The role assignment already exists; the existing assignment is " + existingName + ".");
    }

    private static RbacException definitionNotFound(String guid) {
        return RbacException.notFound("RoleDefinitionNotFound", "The role definition '" + guid + "' does not exist.");
    }

    private static RbacException assignmentNotFound(String guid, RoleScope scope) {
        return RbacException.notFound("RoleAssignmentNotFound",
                "No role assignment '" + guid + "' exists at scope '" + scope.path() + "'.");
    }
}
