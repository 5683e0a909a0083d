package dev.trustplane.kms.internal;

import dev.trustplane.kms.KeyBundle;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-key backup and restore. The blob is the key's rows (each version's material still sealed for its own
 * name and version) as JSON, sealed once more under the master key with a backup-specific associated data, so
 * it is opaque, tamper-evident, and restorable only where the same master key is configured — the analogue of
 * Key Vault's "same geography and subscription". Restore keeps the name and version ids and refuses a name that
 * is in use, active or deleted (purge first), as Key Vault does.
 *
 * <p>Caveat: a future master-key rotation must re-seal backups' inner material too, or keep the old key.
 */
final class Backups {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final byte[] AAD = "trustplane-kms-v1/backup".getBytes(StandardCharsets.US_ASCII);
    private static final String FORMAT = "trustplane-kms-backup-v1";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder D64 = Base64.getDecoder();

    private final Store store;
    private final KeyRepository repo;
    private final KeyUsage usage;
    private final MasterKeyProvider masterKey;
    private final Bundles bundles;

    Backups(Store store, KeyRepository repo, KeyUsage usage, MasterKeyProvider masterKey, Bundles bundles) {
        this.store = store;
        this.repo = repo;
        this.usage = usage;
        this.masterKey = masterKey;
        this.bundles = bundles;
    }

    byte[] backup(String name) {
        usage.activeVersion(name, null);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", name);
        var versions = root.putArray("versions");
        for (VersionRow row : repo.versions(name, 0, Integer.MAX_VALUE)) {
            ObjectNode v = versions.addObject();
            RowBinding.of(row).forEach((column, value) -> {
                switch (value) {
                    case null -> v.putNull(column);
                    case byte[] bytes -> v.put(column, B64.encodeToString(bytes));
                    case Long l -> v.put(column, l);
                    case Integer i -> v.put(column, i);
                    default -> v.put(column, value.toString());
                }
            });
        }
        repo.rotationPolicy(name).ifPresent(p -> root.put("rotation_policy", PolicyJson.write(p)));
        return masterKey.seal(root.toString().getBytes(StandardCharsets.UTF_8), AAD);
    }

    KeyBundle restore(byte[] blob) {
        JsonNode root;
        try {
            root = MAPPER.readTree(masterKey.open(blob, AAD));
        } catch (KmsException e) {
            throw KmsException.badParameter("The backup blob is malformed or was made by a vault with another master key.");
        }
        if (!FORMAT.equals(root.path("format").asString(""))) {
            throw KmsException.badParameter("The backup blob has an unknown format.");
        }
        String name = root.get("name").asString();
        Checks.name(name);
        List<VersionRow> rows = new ArrayList<>();
        for (JsonNode v : root.get("versions")) {
            VersionRow row = row(v);
            if (!row.name().equals(name)) {
                throw KmsException.badParameter("The backup blob is inconsistent.");
            }
            rows.add(row);
        }
        VersionRow latest = store.inTransaction(h -> {
            if (repo.lockKey(h, name).isPresent()) {
                throw KmsException.conflict("Key " + name + " already exists (or is deleted but not purged); restore needs a "
                        + "free name.");
            }
            repo.insertKey(h, name);
            long maxSeq = 0;
            for (VersionRow row : rows) {
                repo.insertVersion(h, row);
                maxSeq = Math.max(maxSeq, row.seq());
            }
            repo.setNextSeq(h, name, maxSeq + 1);
            if (root.hasNonNull("rotation_policy")) {
                repo.putRotationPolicy(h, name, root.get("rotation_policy").asString(), Instant.now().getEpochSecond());
            }
            return repo.version(h, name, null).orElseThrow();
        });
        return bundles.bundle(latest);
    }

    private static VersionRow row(JsonNode v) {
        var kty = dev.trustplane.kms.KeyType.fromWire(v.get("kty").asString());
        var ops = RowJson.keyOps(v.get("key_ops").asString());
        return new VersionRow(v.get("name").asString(), v.get("version").asString(), v.get("seq").asLong(),
                RowJson.publicKey(kty, ops, v.get("public_jwk").asString()), v.get("enabled").asInt() != 0,
                time(v, "nbf"), time(v, "exp"), Instant.ofEpochSecond(v.get("created").asLong()),
                Instant.ofEpochSecond(v.get("updated").asLong()), v.get("exportable").asInt() != 0,
                RowJson.tags(v.get("tags").asString()),
                RowJson.policy(v.get("release_policy").isNull() ? null : v.get("release_policy").asString()),
                v.get("master_key_id").asString(), D64.decode(v.get("sealed").asString()));
    }

    private static Optional<Instant> time(JsonNode v, String field) {
        return v.get(field).isNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(v.get(field).asLong()));
    }
}
