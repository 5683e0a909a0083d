package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.store.Store;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current policy per attestation type, kept in the store (table {@code attestation_policies}, migrations
 * {@code db/attestation}) so every server on the same database decides alike. A type without a row uses its
 * built-in default, which permits any genuine evidence, as MAA's defaults do. Stored text was parsed before it
 * was stored; it is parsed again on read (cheap, and a parser fix can never leave a stale parse behind). A signed
 * policy keeps the JWS as uploaded and its signer's certificate, so {@code GET /policies} returns what the signer
 * signed and tokens name the signer ({@code x-ms-policy-signer}).
 *
 * <p><b>What attestation reads</b> ({@link #inForce}): the policy as read from the store at most
 * {@link #FRESH_FOR_MILLIS} ago. Reading it per call cost a store round trip on every attestation (8% of the
 * server's Java samples under h2load, more than decoding the request body; docs/performance.md). A change made through this replica applies to the next call here,
 * as before: every write moves {@link #generation}, which voids what was read before it. A change made through
 * another replica on the same database applies here within {@link #FRESH_FOR_MILLIS} (docs/high-availability.md).
 * The administration routes ({@link #stored}) always read the store.
 */
final class PolicyStore {
    static final String MIGRATIONS = "db/attestation";
    /** How old a policy read from the store may be when attestation uses it. */
    static final long FRESH_FOR_MILLIS = 1000;

    private final Store store;
    private final Clock clock;
    private final Map<AttestationType, Read> reads = new ConcurrentHashMap<>();
    /** Moves after every write that committed; a read taken under an older generation is not used. */
    private final AtomicLong generation = new AtomicLong();

    /** A policy with, when it was uploaded signed, the JWS as received and its signer. */
    record StoredPolicy(AttestationPolicy policy, Optional<String> signedToken, Optional<X509Certificate> signer) {}

    /** One read from the store: under which write generation it started, and when (clock millis). */
    private record Read(StoredPolicy policy, long generation, long atMillis) {}

    PolicyStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.migrate("attestation", MIGRATIONS);
    }

    /** The policy in force for {@code type}. */
    AttestationPolicy current(AttestationType type) {
        return stored(type).policy();
    }

    /**
     * The policy attestation applies for {@code type}: the one last read from the store, if that read started
     * after this replica's last write and less than {@link #FRESH_FOR_MILLIS} ago; else read now.
     */
    StoredPolicy inForce(AttestationType type) {
        long now = clock.millis();
        long gen = generation.get(); // taken before the read: a write committing meanwhile voids this read
        Read last = reads.get(type);
        long age = last == null ? -1 : now - last.atMillis();
        if (last != null && last.generation() == gen && age >= 0 && age < FRESH_FOR_MILLIS) { // a clock set back: read
            return last.policy();
        }
        StoredPolicy read = stored(type);
        reads.put(type, new Read(read, gen, now));
        return read;
    }

    /** The policy in force for {@code type} with its signature, if any, read from the store now. */
    StoredPolicy stored(AttestationType type) {
        return store.jdbi().withHandle(h -> h
                .createQuery("SELECT policy_text, policy_token, signer_certificate FROM attestation_policies "
                        + "WHERE attestation_type = :t")
                .bind("t", type.routeName())
                .map((rs, ctx) -> new StoredPolicy(AttestationPolicy.parse(rs.getString(1)),
                        Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)).map(PolicyStore::certificate)))
                .findOne())
                .orElseGet(() -> new StoredPolicy(DefaultPolicies.of(type), Optional.empty(), Optional.empty()));
    }

    /** Replaces {@code type}'s policy with an already parsed (and, when signed, verified) one. */
    void put(AttestationType type, AttestationPolicy policy, Optional<String> signedToken, Optional<X509Certificate> signer) {
        store.useTransaction(h -> {
            h.createUpdate("DELETE FROM attestation_policies WHERE attestation_type = :t").bind("t", type.routeName()).execute();
            h.createUpdate("INSERT INTO attestation_policies (attestation_type, policy_text, policy_hash, updated_at, "
                            + "policy_token, signer_certificate) VALUES (:t, :text, :hash, :at, :token, :signer)")
                    .bind("t", type.routeName()).bind("text", policy.text()).bind("hash", policy.hash())
                    .bind("at", clock.millis()).bind("token", signedToken.orElse(null))
                    .bind("signer", signer.map(PolicyStore::encode).orElse(null)).execute();
        });
        generation.incrementAndGet(); // after the commit: see inForce
    }

    /** Goes back to the default policy. */
    void reset(AttestationType type) {
        store.useTransaction(h -> h.createUpdate("DELETE FROM attestation_policies WHERE attestation_type = :t")
                .bind("t", type.routeName()).execute());
        generation.incrementAndGet();
    }

    static String encode(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate re-encodes", e);
        }
    }

    static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored policy certificate no longer parses", e);
        }
    }
}
