package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.store.Store;
import java.time.Clock;
import java.util.Optional;

/**
 * The current policy per attestation type, kept in the store (table {@code attestation_policies}, migrations
 * {@code db/attestation}) so every server on the same database decides alike. A type without a row uses its
 * built-in default, which permits any genuine evidence, as MAA's defaults do. Stored text was parsed before it
 * was stored; it is parsed again on read (cheap, and a parser fix can never leave a stale parse behind).
 */
final class PolicyStore {
    static final String MIGRATIONS = "db/attestation";

    private final Store store;
    private final Clock clock;

    PolicyStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.migrate("attestation", MIGRATIONS);
    }

    /** The policy in force for {@code type}. */
    AttestationPolicy current(AttestationType type) {
        Optional<String> text = store.jdbi().withHandle(h -> h
                .createQuery("SELECT policy_text FROM attestation_policies WHERE attestation_type = :t")
                .bind("t", type.routeName()).mapTo(String.class).findOne());
        return text.map(AttestationPolicy::parse).orElseGet(() -> DefaultPolicies.of(type));
    }

    /** Replaces {@code type}'s policy with an already parsed one. */
    void put(AttestationType type, AttestationPolicy policy) {
        store.useTransaction(h -> {
            h.createUpdate("DELETE FROM attestation_policies WHERE attestation_type = :t").bind("t", type.routeName()).execute();
            h.createUpdate("INSERT INTO attestation_policies (attestation_type, policy_text, policy_hash, updated_at) "
                            + "VALUES (:t, :text, :hash, :at)")
                    .bind("t", type.routeName()).bind("text", policy.text()).bind("hash", policy.hash())
                    .bind("at", clock.millis()).execute();
        });
    }

    /** Goes back to the default policy. */
    void reset(AttestationType type) {
        store.useTransaction(h -> h.createUpdate("DELETE FROM attestation_policies WHERE attestation_type = :t")
                .bind("t", type.routeName()).execute());
    }
}
