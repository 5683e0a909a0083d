package dev.trustplane.ledger;

import dev.trustplane.ledger.internal.Hashes;
import dev.trustplane.ledger.internal.ProofVerifier;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Offline verification of receipts and of consistency between two checkpoints, with no server: only the
 * log's verifier key, pinned by the caller (a key embedded in a receipt would prove nothing).
 *
 * <p>A receipt is checked in this order, and the first mismatch is named:
 * <ol>
 *   <li>{@link Failure#MALFORMED} — it does not parse;
 *   <li>{@link Failure#KEY} — it names another log, the checkpoint's origin is not the key's name, or the
 *       checkpoint has no signature by the pinned key;
 *   <li>{@link Failure#SIGNATURE} — the log's signature on the checkpoint does not verify;
 *   <li>{@link Failure#ROOT} — the receipt's tree size or root hash differs from the signed checkpoint;
 *   <li>{@link Failure#LEAF} — the entry does not hash to the receipt's leaf hash;
 *   <li>{@link Failure#PROOF} — the inclusion proof does not lead from the leaf to the signed root.
 * </ol>
 */
public final class ReceiptVerifier {
    /** What did not match. */
    public enum Failure { MALFORMED, KEY, SIGNATURE, ROOT, LEAF, PROOF }

    /** The outcome: {@link #ok()}, or the failure with a one-line explanation. */
    public record Result(Failure failure, String message) {
        static final Result OK = new Result(null, "verified");

        public boolean ok() {
            return failure == null;
        }

        static Result fail(Failure f, String message) {
            return new Result(f, message);
        }
    }

    private ReceiptVerifier() {}

    /** Verifies receipt JSON against the log's pinned checkpoint key. */
    public static Result verify(String receiptJson, NoteVerifier logKey) {
        Receipt r;
        try {
            r = Receipt.parse(receiptJson);
        } catch (IllegalArgumentException e) {
            return Result.fail(Failure.MALFORMED, e.getMessage());
        }
        return verify(r, logKey);
    }

    public static Result verify(Receipt r, NoteVerifier logKey) {
        if (!r.keyName().equals(logKey.name())) {
            return Result.fail(Failure.KEY, "the receipt is from log '" + r.keyName() + "', not '" + logKey.name() + "'");
        }
        var signed = openCheckpoint(r.checkpoint(), logKey);
        if (signed.failure() != null) {
            return signed.failure();
        }
        Checkpoint cp = signed.checkpoint();
        if (cp.size() != r.treeSize() || !MessageDigest.isEqual(cp.rootHash(), r.rootHash())) {
            return Result.fail(Failure.ROOT, "the receipt's tree head (" + r.treeSize() + ") differs from the signed checkpoint ("
                    + cp.size() + ")");
        }
        if (!MessageDigest.isEqual(Hashes.leaf(r.entry().leaf()), r.leafHash())) {
            return Result.fail(Failure.LEAF, "the entry does not hash to the receipt's leaf hash");
        }
        byte[] computed = ProofVerifier.inclusionRoot(r.index(), cp.size(), r.leafHash(), r.inclusionProof());
        if (computed == null) {
            return Result.fail(Failure.PROOF, "an inclusion proof of " + r.inclusionProof().size()
                    + " steps cannot place index " + r.index() + " in a tree of size " + cp.size());
        }
        if (!MessageDigest.isEqual(computed, cp.rootHash())) {
            return Result.fail(Failure.PROOF, "the inclusion proof does not lead from the leaf to the signed root");
        }
        return Result.OK;
    }

    /**
     * Verifies that two checkpoints signed by the pinned key are consistent: the older tree is a prefix of
     * the newer one. Checkpoints may come in either order. Equal sizes with different roots are a
     * {@link Failure#ROOT} failure: proof that the log forked.
     */
    public static Result verifyConsistency(String checkpoint1, String checkpoint2, List<byte[]> proof, NoteVerifier logKey) {
        var a = openCheckpoint(checkpoint1, logKey);
        if (a.failure() != null) {
            return a.failure();
        }
        var b = openCheckpoint(checkpoint2, logKey);
        if (b.failure() != null) {
            return b.failure();
        }
        Checkpoint older = a.checkpoint().size() <= b.checkpoint().size() ? a.checkpoint() : b.checkpoint();
        Checkpoint newer = older == a.checkpoint() ? b.checkpoint() : a.checkpoint();
        if (older.size() == newer.size() && !MessageDigest.isEqual(older.rootHash(), newer.rootHash())) {
            return Result.fail(Failure.ROOT, "two different roots are signed for tree size " + older.size());
        }
        if (!ProofVerifier.verifyConsistency(older.size(), older.rootHash(), newer.size(), newer.rootHash(), proof)) {
            return Result.fail(Failure.PROOF, "the consistency proof does not show tree " + older.size()
                    + " to be a prefix of tree " + newer.size());
        }
        return Result.OK;
    }

    private record Opened(Checkpoint checkpoint, Result failure) {}

    private static Opened openCheckpoint(String note, NoteVerifier logKey) {
        SignedNote signed;
        Checkpoint cp;
        try {
            signed = SignedNote.parse(note);
            cp = Checkpoint.parse(signed.text());
        } catch (IllegalArgumentException e) {
            return new Opened(null, Result.fail(Failure.MALFORMED, "checkpoint: " + e.getMessage()));
        }
        if (!cp.origin().equals(logKey.name())) {
            return new Opened(null, Result.fail(Failure.KEY, "the checkpoint's origin '" + cp.origin() + "' is not the log's"));
        }
        if (signed.signatures().stream().noneMatch(logKey::matches)) {
            return new Opened(null, Result.fail(Failure.KEY, "the checkpoint carries no signature by " + logKey.name()));
        }
        Optional<String> bad = logKey.verify(signed);
        return bad.map(m -> new Opened(null, Result.fail(Failure.SIGNATURE, m))).orElseGet(() -> new Opened(cp, null));
    }
}
