package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile-input fuzzing of the parsers that face the network or untrusted files: tile paths, signed notes
 * and checkpoints, receipts. Without {@code JAZZER_FUZZ=1} these run the seed inputs in
 * {@code src/test/resources/dev/trustplane/ledger/ParserFuzzTestInputs} plus a short generated run.
 */
class ParserFuzzTest {
    private static final NoteVerifier KEY = NoteSigner.generate("trustplane.test/ledger").verifier();

    @FuzzTest(maxDuration = "10s")
    void tile_paths_parse_canonically_or_fail_cleanly(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        TilePath path;
        try {
            path = TilePath.parse(input);
        } catch (IllegalArgumentException expected) {
            return;
        }
        assertThat(path.path()).isEqualTo(input);
        assertThat(TilePath.parse(path.path())).isEqualTo(path);
    }

    @FuzzTest(maxDuration = "10s")
    void notes_and_checkpoints_parse_or_fail_cleanly(FuzzedDataProvider data) {
        byte[] input = data.consumeRemainingAsBytes();
        SignedNote note;
        try {
            note = SignedNote.parse(input);
        } catch (IllegalArgumentException expected) {
            return;
        }
        assertThat(SignedNote.parse(note.format()).format()).isEqualTo(note.format());
        assertThat(KEY.verify(note)).isPresent();
        try {
            Checkpoint cp = Checkpoint.parse(note.text());
            assertThat(Checkpoint.parse(cp.body())).isEqualTo(cp);
        } catch (IllegalArgumentException expected) {
            // not a checkpoint
        }
    }

    @FuzzTest(maxDuration = "10s")
    void receipts_never_verify_without_the_key_and_never_throw(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        var result = ReceiptVerifier.verify(input, KEY);
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isNotNull();
    }
}
