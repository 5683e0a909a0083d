package dev.trustplane.server.backup;

import dev.trustplane.server.http.Json;
import dev.trustplane.store.Dialect;
import dev.trustplane.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A logical copy of the store's tables that make up a Trustplane's state — keys (sealed material, versions, deleted
 * keys, rotation policies, vault settings), role definitions and assignments, attestation policies and their
 * signing certificates, the ledger (entries, tree, checkpoints, cosignatures) and the service keys (ledger identity,
 * attestation and key-release keys, sealed) — read in one transaction, so it is
 * a consistent cut (SQLite: one read transaction on the WAL; PostgreSQL: REPEATABLE READ).
 *
 * <p>Left out on purpose: {@code auth_tokens} (the target's credentials stay its own; role assignments naming
 * tokens the target lacks stay defunct until re-granted) and {@code skr_used_nonces} (replay cache).
 *
 * <p>JSON: {@code {"<table>": [{"<column>": value, …}, …], …}}, byte columns as {@code {"b64": "…"}}.
 */
final class StoreSnapshot {
    /** In insert order (parents first); deleted in the reverse order. */
    static final List<String> TABLES = List.of(
            "kms_keys", "kms_key_versions", "kms_settings", "kms_rotation_policies",
            "rbac_role_definitions", "rbac_role_assignments",
            "attestation_policies", "attestation_policy_certificates",
            "ledger_entries", "ledger_tiles", "ledger_checkpoints", "ledger_cosignatures", "ledger_head",
            "service_keys", "service_key_copies");
    /** Tables a backup from an earlier version lacks: then the target's rows stay as they are. */
    static final Set<String> OPTIONAL = Set.of("service_keys", "service_key_copies");
    /** The tables one key's rows live in, and the column naming the key. */
    static final List<String> KEY_TABLES = List.of("kms_keys", "kms_key_versions", "kms_rotation_policies");

    private StoreSnapshot() {}

    /** Reads every table in one transaction. */
    static ObjectNode dump(Store store) throws SQLException {
        return store.inTransaction(h -> {
            Connection c = h.getConnection();
            if (store.dialect() == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
            ObjectNode all = Json.MAPPER.createObjectNode();
            for (String table : TABLES) {
                ArrayNode rows = all.putArray(table);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        ObjectNode row = rows.addObject();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String column = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                            Object value = rs.getObject(i);
                            switch (value) {
                                case null -> row.putNull(column);
                                case byte[] bytes -> row.putObject(column).put("b64", Base64.getEncoder().encodeToString(bytes));
                                case Number n -> row.put(column, n.longValue());
                                case Boolean b -> row.put(column, b);
                                default -> row.put(column, value.toString());
                            }
                        }
                    }
                }
            }
            return all;
        });
    }

    /** How many rows {@code table} has now. */
    static long count(Store store, String table) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    /**
     * Replaces every table's rows with the snapshot's, in one transaction (all or nothing).
     */
    static void replaceAll(Store store, JsonNode snapshot) throws SQLException {
        store.useTransaction(h -> {
            Connection c = h.getConnection();
            for (String table : TABLES.reversed()) {
                if (OPTIONAL.contains(table) && !snapshot.has(table)) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + table);
                }
            }
            for (String table : TABLES) {
                if (OPTIONAL.contains(table) && !snapshot.has(table)) {
                    continue;
                }
                insert(c, table, snapshot.path(table), row -> true);
            }
        });
    }

    /**
     * Restores the named keys only (all their versions, deleted state and rotation policy), in one transaction.
     *
     * @param replace whether existing rows of those keys are deleted first (else a key present in the target is a
     *                conflict the caller checked before)
     */
    static void restoreKeys(Store store, JsonNode snapshot, Set<String> names, boolean replace) throws SQLException {
        store.useTransaction(h -> {
            Connection c = h.getConnection();
            if (replace) {
                for (String table : KEY_TABLES.reversed()) {
                    for (String name : names) {
                        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                            s.setString(1, name);
                            s.executeUpdate();
                        }
                    }
                }
            }
            for (String table : KEY_TABLES) {
                insert(c, table, snapshot.path(table), row -> names.contains(row.path("name").asString("")));
            }
        });
    }

    /** The key names in a snapshot. */
    static List<String> keyNames(JsonNode snapshot) {
        List<String> names = new ArrayList<>();
        snapshot.path("kms_keys").forEach(row -> names.add(row.path("name").asString("")));
        return names;
    }

    private static void insert(Connection c, String table, JsonNode rows, Predicate<JsonNode> wanted) throws SQLException {
        if (!rows.isArray()) {
            throw new BackupException("the backup has no table " + table);
        }
        Map<String, Integer> types = columnTypes(c, table);
        for (JsonNode row : rows) {
            if (!wanted.test(row)) {
                continue;
            }
            List<String> columns = new ArrayList<>();
            row.propertyNames().forEach(columns::add);
            for (String column : columns) {
                if (!types.containsKey(column)) {
                    throw new BackupException("the backup's table " + table + " has a column " + column
                            + " this store does not (a backup from another Trustplane version?)");
                }
            }
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode v = row.path(columns.get(i));
                    int at = i + 1;
                    if (v.isNull()) {
                        s.setNull(at, types.get(columns.get(i)));
                    } else if (v.isObject()) {
                        s.setBytes(at, Base64.getDecoder().decode(v.path("b64").asString("")));
                    } else if (v.isIntegralNumber()) {
                        s.setLong(at, v.asLong());
                    } else if (v.isBoolean()) {
                        s.setBoolean(at, v.asBoolean());
                    } else {
                        s.setString(at, v.asString());
                    }
                }
                s.executeUpdate();
            }
        }
    }

    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> types = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                types.put(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT), meta.getColumnType(i));
            }
        }
        return types;
    }
}
