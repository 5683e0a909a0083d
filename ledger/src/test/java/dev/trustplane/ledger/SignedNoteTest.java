package dev.trustplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.ledger.internal.Ed25519;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed notes, verifier keys, checkpoints and cosignatures, byte for byte as Go's sumdb/note writes them. */
class SignedNoteTest {
    // golang.org/x/mod/sumdb/note: the PeterNeumann example (note.go doc comment and note_test.go).
    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_SKEY_B64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static NoteSigner peterNeumann() {
        byte[] alg = Base64.getDecoder().decode(GO_SKEY_B64);
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + HexFormat.of().formatHex(alg, 1, 33));
        return NoteSigner.fromPkcs8("PeterNeumann", pkcs8);
    }

    @Test
    void signing_reproduces_go_sumdb_note_byte_for_byte() {
        NoteSigner signer = peterNeumann();
        assertThat(signer.verifier().encode()).isEqualTo(GO_VKEY);
        assertThat(signer.sign(GO_TEXT).format()).isEqualTo(GO_NOTE);
        assertThat(signer.toString()).doesNotContain(GO_SKEY_B64.substring(4, 20));
    }

    @Test
    void go_note_verifies_and_a_changed_text_does_not() {
        NoteVerifier v = NoteVerifier.parse(GO_VKEY);
        assertThat(v.verify(SignedNote.parse(GO_NOTE))).isEmpty();
        assertThat(v.verify(SignedNote.parse(GO_NOTE.replace("cryptography", "cryptographY"))))
                .hasValueSatisfying(m -> assertThat(m).contains("does not verify"));
        assertThat(NoteVerifier.parse("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop")
                .verify(SignedNote.parse(GO_NOTE))).hasValueSatisfying(m -> assertThat(m).contains("no signature"));
    }

    @Test
    void verifier_keys_of_other_implementations_parse_and_print_back() {
        for (String vkey : List.of(GO_VKEY, "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
                "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")) {
            assertThat(NoteVerifier.parse(vkey).encode()).isEqualTo(vkey);
        }
        assertThat(NoteVerifier.parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2").type())
                .isEqualTo(NoteVerifier.TYPE_COSIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"})
    void mangled_verifier_keys_are_refused(String vkey) {
        assertThatThrownBy(() -> NoteVerifier.parse(vkey)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no blank line\n\u2014 a AAAAAAA=\n", "text\n\n", "text\n\n\u2014 a AAAAAAA=",
        "text\n\n- a AAAAAAA=\n", "text\n\n\u2014 a AAAA\n", "text\n\n\u2014 a AAAAAA==\n", "text\n\n\u2014 a+b AAAAAAA=\n",
        "text\n\n\u2014 a AAAAAAB=\n", "te\txt\n\n\u2014 a AAAAAAA=\n", "text\r\n\n\u2014 a AAAAAAA=\n", "text\n\n\u2014  AAAAAAA=\n"})
    void malformed_notes_are_refused(String note) {
        assertThatThrownBy(() -> SignedNote.parse(note)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpoint_body_round_trips_and_rejects_non_canonical_sizes() {
        var cp = new Checkpoint("example.com/log", 20852163, new byte[32]);
        assertThat(cp.body()).isEqualTo("example.com/log\n20852163\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        assertThat(Checkpoint.parse(cp.body())).isEqualTo(cp);
        for (String bad : List.of("o\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
                "o\n1\nAAAA\n", "\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n",
                "o\n9223372036854775808\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void cosignatures_verify_with_the_witness_key_only() {
        var log = NoteSigner.generate("example.com/log");
        SignedNote note = log.sign(new Checkpoint("example.com/log", 5, new byte[32]).body());
        var witnessKeys = Ed25519.generate();
        byte[] pub = Ed25519.rawPublicKey(witnessKeys.getPublic());
        var cosig = Cosignatures.sign("witness.example/w1", witnessKeys.getPrivate(), pub, 1_679_315_147L, note.text());
        SignedNote cosigned = note.withSignatures(List.of(cosig));
        NoteVerifier witness = NoteVerifier.cosigner("witness.example/w1", pub);
        assertThat(witness.verify(SignedNote.parse(cosigned.format()))).isEmpty();
        assertThat(log.verifier().verify(SignedNote.parse(cosigned.format()))).isEmpty();
        assertThat(Cosignatures.time(cosig)).isEqualTo(1_679_315_147L);
        // The same key as a plain Ed25519 note key has another key ID: the cosignature is not its signature.
        assertThat(NoteVerifier.ed25519("witness.example/w1", pub).verify(cosigned)).isPresent();
        byte[] forged = cosig.signature();
        forged[3] ^= 1; // another timestamp
        var forgedNote = note.withSignatures(List.of(new SignedNote.Signature(cosig.keyName(), cosig.keyId(), forged)));
        assertThat(witness.verify(forgedNote)).isPresent();
    }
}
