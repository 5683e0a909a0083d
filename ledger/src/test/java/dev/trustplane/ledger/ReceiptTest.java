package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.ledger.ReceiptVerifier.Failure;
import dev.trustplane.store.Store;
import dev.trustplane.store.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Receipts: round trip, and every single-bit tamper is rejected with the right named failure. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptTest {
    final NoteSigner signer = NoteSigner.generate(LedgerContractTest.ORIGIN);
    Store store;
    Ledger ledger;
    Receipt receipt;
    String json;

    @BeforeAll
    void appendAndGetReceipt() {
        store = TestStores.sqlite();
        ledger = Ledger.open(store, LedgerConfig.defaults(LedgerContractTest.ORIGIN), signer);
        for (int i = 0; i < 21; i++) {
            ledger.append(new NewEntry("application/json", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "c"));
        }
        receipt = ledger.receipt(13);
        json = receipt.toJson();
    }

    @AfterAll
    void close() {
        ledger.close();
        store.close();
    }

    @Test
    void a_receipt_round_trips_and_verifies_offline() {
        assertThat(ReceiptVerifier.verify(json, signer.verifier()).ok()).isTrue();
        Receipt parsed = Receipt.parse(json);
        assertThat(parsed.toJson()).isEqualTo(json);
        assertThat(new String(parsed.entry().content(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":13}");
        assertThat(parsed.inclusionProof()).hasSize(5);
        assertThat(receipt.toTlogProof()).startsWith("c2sp.org/tlog-proof@v1\nindex 13\n").endsWith(receipt.checkpoint());
        for (long i = 0; i < 21; i++) {
            assertThat(ReceiptVerifier.verify(ledger.receipt(i).toJson(), signer.verifier()).ok()).as("receipt %d", i).isTrue();
        }
    }

    @Test
    void another_log_key_is_refused() {
        var other = NoteSigner.generate(LedgerContractTest.ORIGIN);
        assertThat(ReceiptVerifier.verify(json, other.verifier()).failure()).isEqualTo(Failure.KEY);
        assertThat(ReceiptVerifier.verify(json, NoteSigner.generate("x.test/log").verifier()).failure()).isEqualTo(Failure.KEY);
    }

    @Test
    void every_single_bit_tamper_of_entry_proof_root_and_signature_names_what_did_not_match() {
        List<String> wrong = new ArrayList<>();
        byte[] contents = receipt.entry().content();
        flipEach(contents, c -> with(receipt, r -> new Receipt(r.keyName(), r.index(), entryWith(r.entry(), c), r.leafHash(),
                r.treeSize(), r.rootHash(), r.inclusionProof(), r.checkpoint())), Failure.LEAF, "contents", wrong);
        flipEach(receipt.leafHash(), h -> with(receipt, r -> new Receipt(r.keyName(), r.index(), r.entry(), h, r.treeSize(),
                r.rootHash(), r.inclusionProof(), r.checkpoint())), Failure.LEAF, "leafHash", wrong);
        for (int step = 0; step < receipt.inclusionProof().size(); step++) {
            int s = step;
            flipEach(receipt.inclusionProof().get(s), h -> with(receipt, r -> {
                List<byte[]> proof = new ArrayList<>(r.inclusionProof());
                proof.set(s, h);
                return new Receipt(r.keyName(), r.index(), r.entry(), r.leafHash(), r.treeSize(), r.rootHash(), proof, r.checkpoint());
            }), Failure.PROOF, "proof step " + s, wrong);
        }
        flipEach(receipt.rootHash(), h -> with(receipt, r -> new Receipt(r.keyName(), r.index(), r.entry(), r.leafHash(),
                r.treeSize(), h, r.inclusionProof(), r.checkpoint())), Failure.ROOT, "rootHash", wrong);
        for (int bit = 0; bit < 62; bit++) {
            long index = receipt.index() ^ (1L << bit);
            expect(with(receipt, r -> new Receipt(r.keyName(), index, r.entry(), r.leafHash(), r.treeSize(), r.rootHash(),
                    r.inclusionProof(), r.checkpoint())), Failure.PROOF, "index bit " + bit, wrong);
            long size = receipt.treeSize() ^ (1L << bit);
            expect(with(receipt, r -> new Receipt(r.keyName(), r.index(), r.entry(), r.leafHash(), size, r.rootHash(),
                    r.inclusionProof(), r.checkpoint())), Failure.ROOT, "treeSize bit " + bit, wrong);
        }
        SignedNote note = SignedNote.parse(receipt.checkpoint());
        SignedNote.Signature sig = note.signatures().getFirst();
        flipEach(sig.signature(), s -> checkpointWith(new SignedNote(note.text(),
                List.of(new SignedNote.Signature(sig.keyName(), sig.keyId(), s)))), Failure.SIGNATURE, "signature", wrong);
        Checkpoint cp = Checkpoint.parse(note.text());
        flipEach(cp.rootHash(), h -> checkpointWith(new SignedNote(new Checkpoint(cp.origin(), cp.size(), h).body(),
                note.signatures())), Failure.SIGNATURE, "checkpoint root", wrong);
        for (int bit = 0; bit < 32; bit++) {
            int keyId = sig.keyId() ^ (1 << bit);
            expect(checkpointWith(new SignedNote(note.text(), List.of(new SignedNote.Signature(sig.keyName(), keyId,
                    sig.signature())))), Failure.KEY, "key id bit " + bit, wrong);
        }
        assertThat(wrong).isEmpty();
    }

    /** Beyond the structured tampering above: flips of bits 0, 1 and 5 of every character of the JSON text. */
    @Test
    void single_bit_changes_anywhere_in_the_json_text_are_rejected() {
        List<String> accepted = new ArrayList<>();
        char[] chars = json.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            for (int bit : new int[] {0, 1, 5}) {
                char[] copy = chars.clone();
                copy[i] ^= (char) (1 << bit);
                if (ReceiptVerifier.verify(new String(copy), signer.verifier()).ok()) {
                    accepted.add("char " + i + " ('" + chars[i] + "') bit " + bit);
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void consistency_between_two_checkpoints_verifies_and_a_fork_is_named() {
        String older = ledger.checkpoint(5).orElseThrow().format();
        String newer = ledger.checkpoint().format();
        assertThat(ReceiptVerifier.verifyConsistency(older, newer, ledger.consistencyProof(5, 21), signer.verifier()).ok()).isTrue();
        assertThat(ReceiptVerifier.verifyConsistency(newer, older, ledger.consistencyProof(5, 21), signer.verifier()).ok()).isTrue();
        assertThat(ReceiptVerifier.verifyConsistency(older, newer, ledger.consistencyProof(6, 21), signer.verifier()).failure())
                .isEqualTo(Failure.PROOF);
        String forked = signer.sign(new Checkpoint(LedgerContractTest.ORIGIN, 21, new byte[32]).body()).format();
        assertThat(ReceiptVerifier.verifyConsistency(forked, newer, List.of(), signer.verifier()).failure()).isEqualTo(Failure.ROOT);
        assertThat(ReceiptVerifier.verifyConsistency(older, newer, List.of(), NoteSigner.generate("a.test/b").verifier()).failure())
                .isEqualTo(Failure.KEY);
    }

    private String checkpointWith(SignedNote note) {
        return with(receipt, r -> new Receipt(r.keyName(), r.index(), r.entry(), r.leafHash(), r.treeSize(), r.rootHash(),
                r.inclusionProof(), note.format()));
    }

    private static String with(Receipt r, Function<Receipt, Receipt> change) {
        return change.apply(r).toJson();
    }

    private static LedgerEntry entryWith(LedgerEntry e, byte[] content) {
        return new LedgerEntry(e.index(), e.contentType(), content, e.collectionId(), e.timestamp(), e.leaf());
    }

    private void flipEach(byte[] original, Function<byte[], String> tampered, Failure expected, String what, List<String> wrong) {
        for (int bit = 0; bit < original.length * 8; bit++) {
            byte[] copy = Arrays.copyOf(original, original.length);
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            expect(tampered.apply(copy), expected, what + " bit " + bit, wrong);
        }
    }

    private void expect(String receiptJson, Failure expected, String what, List<String> wrong) {
        var result = ReceiptVerifier.verify(receiptJson, signer.verifier());
        if (result.failure() != expected) {
            wrong.add(what + ": " + result.failure() + " (" + result.message() + "), expected " + expected);
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
