package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.EntryCodec;
import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.ledger.internal.Integrator;
import dev.trustplane.ledger.internal.LedgerTables;
import dev.trustplane.ledger.internal.MerkleTree;
import dev.trustplane.ledger.internal.TileHashes;
import dev.trustplane.ledger.internal.TileId;
import dev.trustplane.ledger.internal.Tiles;
import dev.trustplane.store.Store;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The tamper-evident log: an append-only RFC 6962 Merkle tree in the store, with C2SP checkpoints signed by
 * the log key after every integrated batch, tlog-tiles reads, proofs and receipts.
 *
 * <p>Guarantees: {@link #append} returns only once the entry is durably committed, with its index; indexes
 * are dense and never reused; the log never signs two different roots for one size, and every checkpoint is
 * consistent with every earlier one (see {@link Integrator} for the crash-consistency argument). Reads see
 * only integrated entries. Thread-safe; several instances (servers) may share one PostgreSQL database.
 */
public final class Ledger implements AutoCloseable {
    private final Store store;
    private final LedgerConfig config;
    private final NoteSigner signer;
    private final LedgerTables tables;
    private final Integrator integrator;

    private Ledger(Store store, LedgerConfig config, NoteSigner signer) {
        this.store = store;
        this.config = config;
        this.signer = signer;
        this.tables = new LedgerTables(store.dialect());
        this.integrator = new Integrator(store, tables, config.clock(), config.maxBatchEntries(),
                config.maxBatchDelay(), (size, root) -> signer.sign(new Checkpoint(config.origin(), size, root).body()).format());
    }

    /**
     * Migrates the ledger's tables, checks the stored tree (head, entries, hashes and newest checkpoint
     * agree) and starts the integrator.
     *
     * @throws LedgerException {@code INCONSISTENT} when the stored tree contradicts itself
     * @throws IllegalArgumentException if the signer's key name is not the configured origin
     */
    public static Ledger open(Store store, LedgerConfig config, NoteSigner signer) {
        if (!signer.name().equals(config.origin())) {
            throw new IllegalArgumentException("the log key name '" + signer.name() + "' must equal the checkpoint origin '"
                    + config.origin() + "' (verifiers match the two)");
        }
        store.migrate("ledger", "db/ledger");
        var tables = new LedgerTables(store.dialect());
        store.useTransaction(h -> Integrator.checkIntegrity(h, tables));
        requireSameLogKey(store, tables, signer);
        return new Ledger(store, config, signer);
    }

    /**
     * Refuses a signer other than the one the stored log was signed with: several servers on one database must
     * share the log key (a copy of one data dir), or their checkpoints would interleave two keys and every
     * receipt issued under the other one would fail verification.
     */
    private static void requireSameLogKey(Store store, LedgerTables tables, NoteSigner signer) {
        var latest = store.jdbi().withHandle(tables::latestCheckpoint);
        if (latest.isEmpty()) {
            return;
        }
        var problem = signer.verifier().verify(SignedNote.parse(latest.get().note()));
        if (problem.isPresent()) {
            throw new LedgerException(LedgerException.Code.INCONSISTENT, "the stored log (size " + latest.get().size()
                    + ") was not signed by this server's log key " + signer.verifier().name() + " ("
                    + problem.get() + "); servers sharing a store must share the log key: start them from a copy of "
                    + "the first server's data dir");
        }
    }

    public LedgerConfig config() {
        return config;
    }

    /** The log's checkpoint verifier key (publish it; clients pin it). */
    public NoteVerifier verifier() {
        return signer.verifier();
    }

    /**
     * Runs {@code request} — work that ends in an append, such as an attestation that records its verdict — so that
     * batches committing meanwhile may wait for its entry (up to the configured batch delay) instead of committing
     * without it: fuller batches, fewer commits per entry, when many such requests run at once. Without other
     * callers nothing waits.
     */
    public void expectingAppend(Runnable request) {
        integrator.expecting(request);
    }

    /**
     * Appends an entry and returns its index once it is durable.
     *
     * @throws LedgerException {@code ENTRY_TOO_LARGE} over the configured limit; {@code UNAVAILABLE} when
     *                         closed or the store fails (then the entry was not appended)
     */
    public long append(NewEntry entry) {
        int length = EntryCodec.encodedLength(entry);
        if (length > config.maxEntryBytes()) {
            throw new LedgerException(LedgerException.Code.ENTRY_TOO_LARGE, "the entry is " + length
                    + " bytes with its metadata; the limit is " + config.maxEntryBytes() + " bytes");
        }
        return integrator.append(entry);
    }

    /** The number of integrated entries. */
    public long size() {
        return read(tables::head);
    }

    /** The integrated entry at {@code index}, if the tree has it. */
    public Optional<LedgerEntry> entry(long index) {
        return read(h -> index < 0 || index >= tables.head(h) ? Optional.<LedgerEntry>empty()
                : tables.leaf(h, index).map(leaf -> EntryCodec.decode(index, leaf)));
    }

    /**
     * The newest entry of {@code collection} (null: entries without a collection). Reads the head row; when this
     * server's integrator left the tree at exactly that size it knows the answer (see {@code NewestEntries}), else
     * one read transaction finds it in the store (another replica appended, or the collection was not written here).
     */
    public Optional<LedgerEntry> latest(String collection) {
        Optional<LedgerEntry> known = integrator.newest(collection, store.jdbi().withHandle(tables::head));
        if (known.isPresent()) {
            return known;
        }
        return read(h -> tables.latestIndex(h, collection, tables.head(h))
                .flatMap(index -> tables.leaf(h, index).map(leaf -> EntryCodec.decode(index, leaf))));
    }

    /** The newest signed checkpoint, with any witness cosignatures for it. */
    public SignedNote checkpoint() {
        return read(h -> tables.latestCheckpoint(h).map(row -> withCosignatures(h, row)))
                .orElseGet(() -> signer.sign(new Checkpoint(config.origin(), 0, MerkleTrees.empty()).body()));
    }

    /** The checkpoint signed for {@code size}, with cosignatures, if the log signed one for that size. */
    public Optional<SignedNote> checkpoint(long size) {
        return read(h -> tables.checkpoint(h, size).map(row -> withCosignatures(h, row)));
    }

    /** The RFC 6962 root of the first {@code size} entries. */
    public byte[] rootHash(long size) {
        return read(h -> {
            requireSize(h, size);
            return withTree(h, t -> t.root(size));
        });
    }

    /** Audit path for {@code index} in the tree of {@code size} entries (leaf sibling first). */
    public List<byte[]> inclusionProof(long index, long size) {
        return read(h -> {
            requireSize(h, size);
            if (index < 0 || index >= size) {
                throw new LedgerException(LedgerException.Code.NOT_FOUND, "entry " + index + " is not in the tree of size " + size);
            }
            return withTree(h, t -> t.inclusionProof(index, size));
        });
    }

    /** Proof that the tree of {@code from} entries is a prefix of the tree of {@code to} entries. */
    public List<byte[]> consistencyProof(long from, long to) {
        return read(h -> {
            requireSize(h, to);
            if (from < 0 || from > to) {
                throw new LedgerException(LedgerException.Code.INVALID_ARGUMENT,
                        "a consistency proof needs 0 <= from <= to; got from=" + from + " to=" + to);
            }
            return withTree(h, t -> t.consistencyProof(from, to));
        });
    }

    /**
     * A receipt for entry {@code index} against the newest checkpoint.
     *
     * @throws LedgerException {@code NOT_FOUND} when the entry is not (yet) in the tree
     */
    public Receipt receipt(long index) {
        return read(h -> {
            var row = tables.latestCheckpoint(h).filter(r -> index >= 0 && index < r.size()).orElseThrow(
                    () -> new LedgerException(LedgerException.Code.NOT_FOUND, "entry " + index + " is not in the tree"));
            SignedNote note = withCosignatures(h, row);
            LedgerEntry entry = EntryCodec.decode(index, tables.leaf(h, index).orElseThrow(() -> new LedgerException(
                    LedgerException.Code.INCONSISTENT, "entry " + index + " is missing")));
            return new Receipt(signer.name(), index, entry, Hashes.leaf(entry.leaf()), row.size(), row.root(),
                    withTree(h, t -> t.inclusionProof(index, row.size())), note.format());
        });
    }

    /** A tlog-tiles hash tile or entry bundle; {@code NOT_FOUND} when the tree does not have it (yet). */
    public byte[] tile(TilePath path) {
        return read(h -> {
            long size = tables.head(h);
            int level = path.isEntryBundle() ? 0 : path.level();
            if (!Tiles.exists(level, path.index(), path.width(), size)) {
                throw new LedgerException(LedgerException.Code.NOT_FOUND, "tile " + path.path() + " is beyond the tree of size " + size);
            }
            if (!path.isEntryBundle()) {
                return TileHashes.tile(h, tables, size, new TileId(level, path.index()), path.width());
            }
            var out = new ByteArrayOutputStream();
            for (byte[] leaf : tables.leaves(h, path.index() * Tiles.WIDTH, path.width())) {
                out.write(leaf.length >>> 8);
                out.write(leaf.length & 0xff);
                out.writeBytes(leaf);
            }
            return out.toByteArray();
        });
    }

    /**
     * Verifies witness cosignatures on a checkpoint this log signed and stores those from configured
     * witnesses; returns how many were stored. Lines from unknown keys are ignored (as the spec requires).
     *
     * @throws LedgerException {@code NOT_FOUND} if the log signed no such checkpoint; {@code INVALID_COSIGNATURE}
     *                         if a known witness's line does not verify
     */
    public int addCosignatures(SignedNote cosigned) {
        Checkpoint cp = Checkpoint.parse(cosigned.text());
        SignedNote ours = checkpoint(cp.size()).filter(n -> n.text().equals(cosigned.text())).orElseThrow(
                () -> new LedgerException(LedgerException.Code.NOT_FOUND, "this log signed no such checkpoint"));
        List<SignedNote.Signature> accepted = new ArrayList<>();
        for (SignedNote.Signature sig : cosigned.signatures()) {
            for (NoteVerifier w : config.witnesses()) {
                if (w.matches(sig)) {
                    if (w.verify(new SignedNote(ours.text(), List.of(sig))).isPresent()) {
                        throw new LedgerException(LedgerException.Code.INVALID_COSIGNATURE,
                                "the cosignature by " + w.name() + " does not verify");
                    }
                    accepted.add(sig);
                }
            }
        }
        store.useTransaction(h -> accepted.forEach(s -> tables.insertCosignature(h, cp.size(), s.keyName(), s.keyId(),
                s.line().substring(0, s.line().length() - 1))));
        return accepted.size();
    }

    @Override
    public void close() {
        integrator.close();
    }

    private SignedNote withCosignatures(Handle h, LedgerTables.CheckpointRow row) {
        SignedNote note = SignedNote.parse(row.note());
        List<String> lines = tables.cosignatures(h, row.size());
        if (lines.isEmpty()) {
            return note;
        }
        return note.withSignatures(SignedNote.parse(note.text() + "\n" + String.join("\n", lines) + "\n").signatures());
    }

    /** Runs a tree computation over the stored tree (see {@link TileHashes}: tiles and entries, two queries). */
    private <R> R withTree(Handle h, Function<MerkleTree, R> computation) {
        return TileHashes.compute(h, tables, tables.head(h), source -> computation.apply(new MerkleTree(source)));
    }

    private void requireSize(Handle h, long size) {
        long head = tables.head(h);
        if (size < 0 || size > head) {
            throw new LedgerException(LedgerException.Code.NOT_FOUND, "tree size " + size + " is beyond the current size " + head);
        }
    }

    private <R> R read(org.jdbi.v3.core.HandleCallback<R, RuntimeException> callback) {
        return store.jdbi().inTransaction(callback);
    }
}
