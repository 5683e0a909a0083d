package dev.trustplane.kms.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Named parameters of a {@link VersionRow} for INSERT/UPDATE. */
final class RowBinding {
    private RowBinding() {}

    static Map<String, Object> of(VersionRow row) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", row.name());
        values.put("version", row.version());
        values.put("seq", row.seq());
        values.put("kty", row.publicKey().kty().wire());
        values.put("public_jwk", RowJson.publicKey(row.publicKey()));
        values.put("key_ops", RowJson.keyOps(row.publicKey().keyOps()));
        values.put("enabled", row.enabled() ? 1 : 0);
        values.put("nbf", row.notBefore().map(Instant::getEpochSecond).orElse(null));
        values.put("exp", row.expires().map(Instant::getEpochSecond).orElse(null));
        values.put("created", row.created().getEpochSecond());
        values.put("updated", row.updated().getEpochSecond());
        values.put("exportable", row.exportable() ? 1 : 0);
        values.put("tags", RowJson.tags(row.tags()));
        values.put("release_policy", RowJson.policy(row.releasePolicy()));
        values.put("master_key_id", row.masterKeyId());
        values.put("sealed", row.sealed());
        return values;
    }
}
