package dev.trustplane.governance;

import dev.trustplane.governance.internal.JsonText;
import dev.trustplane.governance.internal.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Azure Policy aliases: an alias name maps, per resource type, to a property path in the resource's JSON
 * (its {@code defaultPath}; per-API-version paths are not modelled). Alias names and resource types are
 * case-insensitive. The shipped table covers the aliases the confidential baseline and the built-ins for
 * its controls use; {@link #load} reads the full dump {@code az provider list --expand resourceTypes/aliases}
 * prints (or one provider from {@code az provider show}), which is merged over it.
 */
public final class AliasTable {
    private static final String BUILT_IN = "aliases-baseline.json";

    /** lower(alias) → lower(resource type) → path. */
    private final Map<String, Map<String, String>> aliases = new HashMap<>();

    private AliasTable() {}

    /** The table shipped with Trustplane. */
    public static AliasTable builtIn() {
        AliasTable t = new AliasTable();
        try (InputStream in = AliasTable.class.getResourceAsStream(BUILT_IN)) {
            t.merge(BUILT_IN, JsonText.parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException | GovernanceException e) {
            throw new IllegalStateException("the shipped alias table is unreadable", e);
        }
        return t;
    }

    /** The shipped table with a user's alias dump merged over it. */
    public static AliasTable load(Path dump) throws GovernanceException {
        return builtIn().with(dump.toString(), JsonText.read(dump));
    }

    /** A copy of this table with the aliases of {@code dump} (same shape as {@link #load}) merged over it. */
    public AliasTable with(String source, JsonNode dump) throws GovernanceException {
        AliasTable t = new AliasTable();
        aliases.forEach((k, v) -> t.aliases.put(k, new HashMap<>(v)));
        t.merge(source, dump);
        return t;
    }

    private void merge(String file, JsonNode root) throws GovernanceException {
        Iterable<JsonNode> providers = root.isArray() ? root : List.of(root);
        int p = 0;
        for (JsonNode provider : providers) {
            String ns = Values.text(provider.get("namespace"));
            JsonNode types = provider.get("resourceTypes");
            if (ns == null || types == null || !types.isArray()) {
                throw new GovernanceException(file, root.isArray() ? "/" + p : "",
                        "not an alias dump: expected providers with 'namespace' and 'resourceTypes'");
            }
            int r = 0;
            for (JsonNode type : types) {
                String fullType = Values.lower(ns + "/" + Values.text(type.get("resourceType")));
                int a = 0;
                for (JsonNode alias : type.path("aliases")) {
                    String name = Values.text(alias.get("name"));
                    String path = Values.text(alias.get("defaultPath"));
                    if (name == null || path == null) {
                        throw new GovernanceException(file, (root.isArray() ? "/" + p : "") + "/resourceTypes/" + r
                                + "/aliases/" + a, "an alias needs 'name' and 'defaultPath'");
                    }
                    aliases.computeIfAbsent(Values.lower(name), k -> new HashMap<>()).put(fullType, path);
                    a++;
                }
                r++;
            }
            p++;
        }
    }

    /** Whether the alias exists for any resource type. */
    public boolean knows(String alias) {
        return aliases.containsKey(Values.lower(alias));
    }

    /**
     * The path of {@code alias} on {@code resourceType}; null when the alias exists but not for that type
     * (the field is then absent on such resources, as in Azure).
     */
    public String path(String alias, String resourceType) {
        Map<String, String> byType = aliases.get(Values.lower(alias));
        return byType == null || resourceType == null ? null : byType.get(Values.lower(resourceType));
    }

    public int size() {
        return aliases.values().stream().mapToInt(Map::size).sum();
    }
}
