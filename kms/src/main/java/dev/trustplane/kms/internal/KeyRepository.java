package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyType;
import dev.trustplane.store.Store;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the KMS tables. Reads use the store's read-only Jdbi unless a transaction handle is given; writes
 * take the caller's transaction handle. Row locks: {@link #lockKey} locks the key's row (PostgreSQL
 * {@code FOR UPDATE}; SQLite serialises writers anyway), so version numbering and read-modify-write
 * updates of one key never interleave.
 */
final class KeyRepository {
    private static final String VERSION_COLUMNS = "name, version, seq, kty, public_jwk, key_ops, enabled, nbf, exp, "
            + "created, updated, exportable, tags, release_policy, master_key_id, sealed";

    /** The crypto path's query (one per call), built once: Jdbi's parsed-SQL cache then hits on the same string. */
    private static final String LIVE = "SELECT v." + VERSION_COLUMNS.replace(", ", ", v.") + " FROM kms_key_versions v "
            + "JOIN kms_keys k ON k.name = v.name WHERE v.name = :name AND k.deleted_at IS NULL";
    private static final String LIVE_LATEST = LIVE + " ORDER BY v.seq DESC LIMIT 1";
    private static final String LIVE_VERSION = LIVE + " AND v.version = :version";

    private final Store store;

    KeyRepository(Store store) {
        this.store = store;
    }

    /** State of a key name: next version sequence and, when deleted, when and until when. */
    record KeyRow(String name, long nextSeq, Optional<Instant> deletedAt, Optional<Instant> purgeAt) {
        boolean deleted() {
            return deletedAt.isPresent();
        }
    }

    Optional<KeyRow> lockKey(Handle h, String name) {
        return h.createQuery("SELECT name, next_seq, deleted_at, purge_at FROM kms_keys WHERE name = :name"
                        + store.dialect().forUpdate())
                .bind("name", name).map((rs, ctx) -> keyRow(rs)).findOne();
    }

    /** The sequence number of {@code name}'s newest version, read on {@code h} (inside the caller's transaction). */
    Optional<Long> latestSeq(Handle h, String name) {
        return h.createQuery("SELECT MAX(seq) FROM kms_key_versions WHERE name = :name").bind("name", name)
                .mapTo(Long.class).findOne();
    }

    Optional<KeyRow> key(String name) {
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name, next_seq, deleted_at, purge_at FROM kms_keys WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> keyRow(rs)).findOne());
    }

    void insertKey(Handle h, String name) {
        h.createUpdate("INSERT INTO kms_keys (name, next_seq) VALUES (:name, 1) ON CONFLICT (name) DO NOTHING")
                .bind("name", name).execute();
    }

    void setNextSeq(Handle h, String name, long nextSeq) {
        h.createUpdate("UPDATE kms_keys SET next_seq = :seq WHERE name = :name").bind("seq", nextSeq).bind("name", name)
                .execute();
    }

    void setDeleted(Handle h, String name, Instant deletedAt, Instant purgeAt) {
        h.createUpdate("UPDATE kms_keys SET deleted_at = :d, purge_at = :p WHERE name = :name")
                .bind("d", deletedAt == null ? null : deletedAt.getEpochSecond())
                .bind("p", purgeAt == null ? null : purgeAt.getEpochSecond())
                .bind("name", name).execute();
    }

    void purge(Handle h, String name) {
        h.createUpdate("DELETE FROM kms_rotation_policies WHERE name = :name").bind("name", name).execute();
        h.createUpdate("DELETE FROM kms_key_versions WHERE name = :name").bind("name", name).execute();
        h.createUpdate("DELETE FROM kms_keys WHERE name = :name").bind("name", name).execute();
    }

    List<String> expiredDeleted(Instant now) {
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name FROM kms_keys WHERE purge_at IS NOT NULL AND purge_at <= :now ORDER BY name")
                .bind("now", now.getEpochSecond()).mapTo(String.class).list());
    }

    void insertVersion(Handle h, VersionRow row) {
        h.createUpdate("INSERT INTO kms_key_versions (" + VERSION_COLUMNS + ") VALUES (:name, :version, :seq, :kty, "
                        + ":public_jwk, :key_ops, :enabled, :nbf, :exp, :created, :updated, :exportable, :tags, "
                        + ":release_policy, :master_key_id, :sealed)")
                .bindMap(RowBinding.of(row)).execute();
    }

    /** Replaces the mutable columns of one version in a single statement. */
    void updateVersion(Handle h, VersionRow row) {
        h.createUpdate("UPDATE kms_key_versions SET key_ops = :key_ops, enabled = :enabled, nbf = :nbf, exp = :exp, "
                        + "updated = :updated, tags = :tags, release_policy = :release_policy "
                        + "WHERE name = :name AND version = :version")
                .bindMap(RowBinding.of(row)).execute();
    }

    Optional<VersionRow> version(Handle h, String name, String version) {
        String where = version == null ? "name = :name ORDER BY seq DESC LIMIT 1" : "name = :name AND version = :version";
        var query = h.createQuery("SELECT " + VERSION_COLUMNS + " FROM kms_key_versions WHERE " + where).bind("name", name);
        if (version != null) {
            query.bind("version", version);
        }
        return query.map((rs, ctx) -> versionRow(rs)).findOne();
    }

    Optional<VersionRow> version(String name, String version) {
        return store.jdbi().withHandle(h -> version(h, name, version));
    }

    /**
     * A version of a key that is not deleted ({@code version} null: the latest), in one query: the path every
     * crypto call takes. Empty when the key is missing or deleted or has no such version.
     */
    Optional<VersionRow> liveVersion(String name, String version) {
        String sql = version == null ? LIVE_LATEST : LIVE_VERSION;
        return store.jdbi().withHandle(h -> {
            var query = h.createQuery(sql).bind("name", name);
            if (version != null) {
                query.bind("version", version);
            }
            return query.map((rs, ctx) -> versionRow(rs)).findOne();
        });
    }

    /** Latest versions of keys after {@code afterName}, by name; {@code deleted} selects the deleted or the active keys. */
    List<VersionRow> latestVersions(boolean deleted, String afterName, int limit) {
        String sql = "SELECT v." + VERSION_COLUMNS.replace(", ", ", v.") + " FROM kms_key_versions v JOIN kms_keys k ON k.name = v.name "
                + "WHERE k.deleted_at IS " + (deleted ? "NOT NULL" : "NULL") + " AND v.name > :after "
                + "AND v.seq = (SELECT MAX(seq) FROM kms_key_versions w WHERE w.name = v.name) ORDER BY v.name LIMIT :limit";
        return store.jdbi().withHandle(h -> h.createQuery(sql).bind("after", afterName).bind("limit", limit)
                .map((rs, ctx) -> versionRow(rs)).list());
    }

    List<VersionRow> versions(String name, long afterSeq, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM kms_key_versions WHERE name = :name AND seq > :after ORDER BY seq LIMIT :limit")
                .bind("name", name).bind("after", afterSeq).bind("limit", limit).map((rs, ctx) -> versionRow(rs)).list());
    }

    /** The stored rotation policy of a key. */
    Optional<dev.trustplane.kms.RotationPolicy> rotationPolicy(String name) {
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT policy, created, updated FROM kms_rotation_policies WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> PolicyJson.read(rs.getString("policy"),
                        Instant.ofEpochSecond(rs.getLong("created")), Instant.ofEpochSecond(rs.getLong("updated"))))
                .findOne());
    }

    /** Names of active keys that have a rotation policy. */
    List<String> namesWithRotationPolicy() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT p.name FROM kms_rotation_policies p JOIN kms_keys k "
                + "ON k.name = p.name WHERE k.deleted_at IS NULL ORDER BY p.name").mapTo(String.class).list());
    }

    void putRotationPolicy(Handle h, String name, String json, long now) {
        h.createUpdate("INSERT INTO kms_rotation_policies (name, policy, created, updated) VALUES (:name, :policy, :now, :now) "
                        + "ON CONFLICT (name) DO UPDATE SET policy = excluded.policy, updated = excluded.updated")
                .bind("name", name).bind("policy", json).bind("now", now).execute();
    }

    void deleteRotationPolicy(Handle h, String name) {
        h.createUpdate("DELETE FROM kms_rotation_policies WHERE name = :name").bind("name", name).execute();
    }

    Optional<String> setting(String name) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT value FROM kms_settings WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    void putSetting(Handle h, String name, String value) {
        h.createUpdate(store.dialect().upsert("kms_settings", List.of("name"), List.of("value")))
                .bind("name", name).bind("value", value).execute();
    }

    private static KeyRow keyRow(ResultSet rs) throws SQLException {
        return new KeyRow(rs.getString("name"), rs.getLong("next_seq"), instant(rs, "deleted_at"), instant(rs, "purge_at"));
    }

    private static VersionRow versionRow(ResultSet rs) throws SQLException {
        KeyType kty = KeyType.fromWire(rs.getString("kty"));
        var ops = RowJson.keyOps(rs.getString("key_ops"));
        return new VersionRow(rs.getString("name"), rs.getString("version"), rs.getLong("seq"),
                RowJson.publicKey(kty, ops, rs.getString("public_jwk")), rs.getInt("enabled") != 0,
                instant(rs, "nbf"), instant(rs, "exp"), Instant.ofEpochSecond(rs.getLong("created")),
                Instant.ofEpochSecond(rs.getLong("updated")), rs.getInt("exportable") != 0,
                RowJson.tags(rs.getString("tags")), RowJson.policy(rs.getString("release_policy")),
                rs.getString("master_key_id"), rs.getBytes("sealed"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(value));
    }
}
