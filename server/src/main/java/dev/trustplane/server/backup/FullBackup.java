package dev.trustplane.server.backup;

import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.ledger.NoteSigner;
import dev.trustplane.server.http.Json;
import dev.trustplane.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Full backup and restore of a Trustplane with a security domain.
 *
 * <p>File (JSON): a readable header — {@code format}, {@code domain_id}, {@code master_key_id}, {@code created},
 * {@code checkpoint} (the ledger's latest checkpoint in the snapshot: {@code tree_size}, {@code root}, {@code note}),
 * {@code keys} (names) — and {@code sealed}: the gzipped {@link StoreSnapshot} sealed with the security domain's
 * master key (AES-256-GCM), the header's exact bytes as associated data. So the backup opens only where the same
 * security domain is active, and any change to header or body is detected before anything is written. Key material
 * inside is sealed under that master key already; the outer seal adds confidentiality for policies, role
 * assignments and the ledger, and integrity for everything.
 */
public final class FullBackup {
    public static final String FORMAT = "trustplane-backup-v1";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FullBackup.class);
    private static final int MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

    /**
     * What a restore did; {@code ledgerIdentity} is present only for a backup made before the service keys lived in
     * the store (the caller writes it into the store's service keys).
     */
    public record Restored(String domainId, long treeSize, List<String> keys, java.util.Optional<NoteSigner> ledgerIdentity) {}

    private FullBackup() {}

    /**
     * A consistent, sealed snapshot of {@code store}. It carries the service keys (the ledger's identity, attestation and
     * key-release keys) with their copies escrowed under the domain's master key, so that a restored ledger goes on
     * under its identity and the restoring server reseals them under its own master key.
     */
    public static byte[] create(Store store, MasterKeyProvider domainKey, String domainId) {
        ObjectNode snapshot;
        try {
            snapshot = StoreSnapshot.dump(store);
        } catch (SQLException e) {
            LOG.error("full backup: reading the store failed: {}", e.getMessage());
            throw new BackupException("the store could not be read: " + e.getClass().getSimpleName());
        }
        ObjectNode header = Json.MAPPER.createObjectNode();
        header.put("format", FORMAT);
        header.put("domain_id", domainId);
        header.put("master_key_id", domainKey.id());
        header.put("created", Instant.now().toString());
        ObjectNode checkpoint = header.putObject("checkpoint");
        JsonNode latest = null;
        for (JsonNode row : snapshot.path("ledger_checkpoints")) {
            if (latest == null || row.path("tree_size").asLong() > latest.path("tree_size").asLong()) {
                latest = row;
            }
        }
        checkpoint.put("tree_size", latest == null ? 0 : latest.path("tree_size").asLong());
        checkpoint.put("note", latest == null ? "" : latest.path("note").asString(""));
        var keys = header.putArray("keys");
        StoreSnapshot.keyNames(snapshot).forEach(keys::add);
        byte[] json = Json.MAPPER.writeValueAsBytes(snapshot);
        byte[] plain = gzip(json);
        Arrays.fill(json, (byte) 0);
        try {
            byte[] sealed = domainKey.seal(plain, associatedData(header));
            ObjectNode file = header.deepCopy();
            file.put("sealed", Base64.getEncoder().encodeToString(sealed));
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(file);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Restores a backup into {@code store}: everything (replacing what is there), or only {@code keys}. The server on
     * that store must be stopped (the ledger and KMS caches would not see the change).
     *
     * @param force replace live state: without it a full restore into a store with keys or ledger entries, or a key
     *              restore over an existing key, is refused
     * @throws BackupException naming the reason; nothing is changed then
     */
    public static Restored restore(Store store, MasterKeyProvider domainKey, String domainId, byte[] file, boolean force,
            List<String> keys) {
        ObjectNode parsed;
        try {
            JsonNode node = Json.MAPPER.readTree(file);
            if (!(node instanceof ObjectNode object) || !FORMAT.equals(node.path("format").asString(""))) {
                throw new BackupException("not a Trustplane backup (format must be " + FORMAT + ")");
            }
            parsed = object;
        } catch (JacksonException e) {
            throw new BackupException("not a Trustplane backup: the file is not JSON");
        }
        String sealedText = parsed.path("sealed").asString("");
        ObjectNode header = parsed.deepCopy();
        header.remove("sealed");
        String backupDomain = header.path("domain_id").asString("");
        if (!backupDomain.equals(domainId)) {
            throw new BackupException("the backup was made under security domain " + backupDomain + "; this server's is "
                    + domainId + ": upload that security domain first");
        }
        if (!header.path("master_key_id").asString("").equals(domainKey.id())) {
            throw new BackupException("the backup's master key " + header.path("master_key_id").asString("")
                    + " is not this security domain's (" + domainKey.id() + ")");
        }
        byte[] plain;
        try {
            plain = domainKey.open(Base64.getDecoder().decode(sealedText), associatedData(header));
        } catch (KmsException | IllegalArgumentException e) {
            throw new BackupException("the backup does not authenticate: it was altered (header or body) or is damaged");
        }
        JsonNode snapshot;
        try {
            snapshot = Json.MAPPER.readTree(gunzip(plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        long treeSize = header.path("checkpoint").path("tree_size").asLong();
        try {
            if (keys.isEmpty()) {
                long liveKeys = StoreSnapshot.count(store, "kms_key_versions");
                long liveEntries = StoreSnapshot.count(store, "ledger_entries");
                if (!force && (liveKeys > 0 || liveEntries > 0)) {
                    throw new BackupException("the target is live (" + liveKeys + " key versions, " + liveEntries
                            + " ledger entries); a full restore replaces all of it: use --force to do so");
                }
                // Backups made before the service keys lived in the store carry the ledger identity on its own.
                var identity = snapshot.has("ledger_identity") ? java.util.Optional.of(ledgerIdentity(snapshot))
                        : java.util.Optional.<NoteSigner>empty();
                StoreSnapshot.replaceAll(store, snapshot);
                return new Restored(domainId, treeSize, StoreSnapshot.keyNames(snapshot), identity);
            }
            Set<String> wanted = new LinkedHashSet<>(keys);
            List<String> inBackup = StoreSnapshot.keyNames(snapshot);
            for (String name : wanted) {
                if (!inBackup.contains(name)) {
                    throw new BackupException("the backup holds no key named " + name);
                }
                boolean exists = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM kms_keys WHERE name = :n")
                        .bind("n", name).mapTo(Long.class).one()) > 0;
                if (exists && !force) {
                    throw new BackupException("the key " + name + " exists on the target (active or deleted); "
                            + "use --force to replace it with the backup's");
                }
            }
            StoreSnapshot.restoreKeys(store, snapshot, wanted, force);
            return new Restored(domainId, treeSize, new ArrayList<>(wanted), java.util.Optional.empty());
        } catch (SQLException e) {
            LOG.error("restore: the store refused it: {}", e.getMessage());
            throw new BackupException("the store refused the restore (nothing was changed): " + e.getClass().getSimpleName());
        }
    }

    private static NoteSigner ledgerIdentity(JsonNode snapshot) {
        JsonNode id = snapshot.path("ledger_identity");
        byte[] pkcs8 = Base64.getDecoder().decode(id.path("pkcs8").asString(""));
        try {
            return NoteSigner.fromPkcs8(id.path("origin").asString(""), pkcs8);
        } catch (RuntimeException e) {
            throw new BackupException("the backup's ledger identity is unusable");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] associatedData(JsonNode header) {
        return (FORMAT + "\n" + header.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] out = in.readNBytes(MAX_SNAPSHOT_BYTES + 1);
            if (out.length > MAX_SNAPSHOT_BYTES) {
                throw new BackupException("the backup's snapshot is larger than " + MAX_SNAPSHOT_BYTES + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new BackupException("the backup's snapshot is damaged");
        }
    }
}
