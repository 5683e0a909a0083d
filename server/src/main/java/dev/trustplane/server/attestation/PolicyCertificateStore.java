package dev.trustplane.server.attestation;

import dev.trustplane.attestation.ManagementCertificates;
import dev.trustplane.store.Store;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The policy-management certificates (MAA's isolated mode), table {@code attestation_policy_certificates}. While
 * the set is empty, policies are managed with bearer tokens alone (MAA's "AAD" mode); once it holds a certificate,
 * every policy change and every change to the set must be signed by one of them. The last certificate cannot be
 * removed, as in MAA, so a stolen bearer token can never switch isolated mode off.
 *
 * <p>Caveat: "not the last" is checked inside the deleting transaction; on PostgreSQL at READ COMMITTED two
 * servers removing the last two certificates at the same instant could both succeed. Within one server, changes
 * are serialized.
 */
final class PolicyCertificateStore {
    private final Store store;
    private final Clock clock;

    PolicyCertificateStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The registered certificates, oldest first. */
    List<X509Certificate> all() {
        return store.jdbi().withHandle(h -> h
                .createQuery("SELECT certificate FROM attestation_policy_certificates ORDER BY added_at, thumbprint")
                .mapTo(String.class).list()).stream().map(PolicyStore::certificate).toList();
    }

    /** Adds {@code cert}; returns false when it was already registered (not an error, as in MAA). */
    synchronized boolean add(X509Certificate cert) {
        String thumbprint = ManagementCertificates.thumbprint(cert);
        return store.inTransaction(h -> {
            boolean present = h.createQuery("SELECT COUNT(*) FROM attestation_policy_certificates WHERE thumbprint = :t")
                    .bind("t", thumbprint).mapTo(Integer.class).one() > 0;
            if (!present) {
                h.createUpdate("INSERT INTO attestation_policy_certificates (thumbprint, certificate, added_at) "
                        + "VALUES (:t, :c, :at)").bind("t", thumbprint).bind("c", PolicyStore.encode(cert))
                        .bind("at", clock.millis()).execute();
            }
            return !present;
        });
    }

    /** The outcome of a removal. */
    enum Removal { REMOVED, ABSENT, LAST }

    /** Removes {@code cert} unless it is the last one. */
    synchronized Removal remove(X509Certificate cert) {
        String thumbprint = ManagementCertificates.thumbprint(cert);
        return store.inTransaction(h -> {
            int count = h.createQuery("SELECT COUNT(*) FROM attestation_policy_certificates").mapTo(Integer.class).one();
            boolean present = h.createQuery("SELECT COUNT(*) FROM attestation_policy_certificates WHERE thumbprint = :t")
                    .bind("t", thumbprint).mapTo(Integer.class).one() > 0;
            if (!present) {
                return Removal.ABSENT;
            }
            if (count <= 1) {
                return Removal.LAST;
            }
            h.createUpdate("DELETE FROM attestation_policy_certificates WHERE thumbprint = :t").bind("t", thumbprint).execute();
            return Removal.REMOVED;
        });
    }
}
