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
import java.util.Optional;

/**
 * The current policy per attestation type, kept in the store (table {@code attestation_policies}, migrations
 * {@code db/attestation}) so every server on the same database decides alike. A type without a row uses its
 * built-in default, which permits any genuine evidence, as MAA's defaults do. Stored text was parsed before it
 * was stored; it is parsed again on read (cheap, and a parser fix can never leave a stale parse behind). A signed
 * policy keeps the JWS as uploaded and its signer's certificate, so {@code GET /policies} returns what the signer
 * signed and tokens name the signer ({@code x-ms-policy-signer}).
 */
final class PolicyStore {
    static final String MIGRATIONS = "db/attestation";

    private final Store store;
    private final Clock clock;

    /** A policy with, when it was uploaded signed, the JWS as received and its signer. */
    record StoredPolicy(AttestationPolicy policy, Optional<String> signedToken, Optional<X509Certificate> signer) {}

    PolicyStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.migrate("attestation", MIGRATIONS);
    }

    /** The policy in force for {@code type}. */
    AttestationPolicy current(AttestationType type) {
        return stored(type).policy();
    }

    /** The policy in force for {@code type} with its signature, if any. */
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
    }

    /** Goes back to the default policy. */
    void reset(AttestationType type) {
        store.useTransaction(h -> h.createUpdate("DELETE FROM attestation_policies WHERE attestation_type = :t")
                .bind("t", type.routeName()).execute());
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
