package dev.trustplane.ledger;

/**
 * Where the attestation and KMS modules record every decision, tamper-evidently.
 *
 * <p>Guarantees: {@link #append} returns only when the record is durably in the ledger, and returns its
 * index, from which anyone can get an offline-verifiable receipt. Records are stored as RFC 8785 canonical
 * JSON, so equal records are byte-identical. Failure semantics: if {@code append} throws, the caller must
 * treat the decision as <em>not recorded</em> (for a key release: deny it). Thread-safe.
 *
 * <p>Callers pass only identifiers and hashes — never key material, secrets or tokens (see
 * {@link DecisionRecord}; such records are refused).
 */
public interface DecisionLog {
    /** Content type of decision entries in the ledger. */
    String CONTENT_TYPE = "application/vnd.trustplane.decision+json";
    /** Collection (sub-ledger) id of decision entries. */
    String COLLECTION = "decisions";

    /**
     * Appends the record and returns its ledger index once durable.
     *
     * @throws LedgerException {@code ENTRY_TOO_LARGE} if the canonical record exceeds the entry limit;
     *                         {@code UNAVAILABLE} if the store failed (the record was not appended)
     */
    long append(DecisionRecord record);

    /**
     * Runs {@code request}, which will {@link #append} a decision after its own work, so that the log can wait for
     * the record instead of committing without it (see {@link Ledger#expectingAppend}); by default it just runs it.
     */
    default void expectingAppend(Runnable request) {
        request.run();
    }

    /** The decision log backed by {@code ledger}. */
    static DecisionLog of(Ledger ledger) {
        return new DecisionLog() {
            @Override
            public long append(DecisionRecord record) {
                return ledger.append(new NewEntry(CONTENT_TYPE, record.canonicalJson(), COLLECTION));
            }

            @Override
            public void expectingAppend(Runnable request) {
                ledger.expectingAppend(request);
            }
        };
    }
}
