package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Command encoding and hostile responses, with a scripted transport: a TPM (or whatever answers on the device)
 * is input, so short, oversized and inconsistent responses must fail with the command, field and offset.
 */
class Tpm2ResponseTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Answers with canned responses and records the commands. */
    static final class Scripted implements TpmTransport {
        final Deque<byte[]> responses = new ArrayDeque<>();
        final List<byte[]> commands = new ArrayList<>();

        Scripted answer(String hex) {
            responses.add(HEX.parseHex(hex.replace(" ", "")));
            return this;
        }

        @Override
        public byte[] transact(byte[] command) throws IOException {
            commands.add(command);
            if (responses.isEmpty()) {
                throw new IOException("connection closed");
            }
            return responses.poll();
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {}
    }

    private static String response(int tag, int rc, String body) {
        int size = 10 + body.replace(" ", "").length() / 2;
        return String.format("%04x%08x%08x", tag, size, rc) + body.replace(" ", "");
    }

    @Test
    void nv_read_public_encodes_the_index_and_decodes_the_public_area() throws Exception {
        String nvPublic = "01400001 000b 00060006 0000 0a28";
        Scripted t = new Scripted().answer(response(0x8001, 0, "000e " + nvPublic + " 0002 abcd"));
        Tpm2.NvPublic p = new Tpm2(t).nvReadPublic(0x01400001).orElseThrow();
        assertThat(p).isEqualTo(new Tpm2.NvPublic(0x01400001, 0x000B, 0x00060006L, 2600));
        assertThat(HEX.formatHex(t.commands.getFirst())).isEqualTo("80010000000e0000016901400001");
    }

    @Test
    void an_undefined_index_is_empty_and_other_codes_are_named() throws Exception {
        assertThat(new Tpm2(new Scripted().answer(response(0x8001, 0x18B, ""))).nvReadPublic(0x01400001)).isEmpty();
        assertThatThrownBy(() -> new Tpm2(new Scripted().answer(response(0x8001, 0x101, ""))).nvReadPublic(1))
                .isInstanceOfSatisfying(TpmCommandException.class, e -> {
                    assertThat(e.rc()).isEqualTo(0x101);
                    assertThat(e.getMessage()).contains("NV_ReadPublic").contains("0x101");
                });
        assertThat(TpmCommandException.describe(0x1C4)).isEqualTo("0x1C4 (error 0x084 at parameter 1)");
        assertThat(TpmCommandException.describe(0x98E)).isEqualTo("0x98E (error 0x08E at session 1)");
    }

    @Test
    void nv_read_uses_an_owner_password_session_and_chunks_by_the_buffer_maximum() throws Exception {
        byte[] first = new byte[64];
        java.util.Arrays.fill(first, (byte) 7);
        Scripted t = new Scripted()
                .answer(response(0x8001, 0, "00 00000006 00000001 0000012c 00000040"))
                .answer(response(0x8002, 0, "00000042 0040" + HEX.formatHex(first) + " 0000 00 0000"))
                .answer(response(0x8002, 0, "00000008 0006 010203040506 0000 00 0000"));
        byte[] data = new Tpm2(t).nvRead(Tpm2.RH_OWNER, 0x01400001, 70);
        assertThat(java.util.Arrays.copyOf(data, 64)).isEqualTo(first);
        assertThat(java.util.Arrays.copyOfRange(data, 64, 70)).containsExactly(1, 2, 3, 4, 5, 6);
        // tag 8002, size, NV_Read, auth owner, index, authSize 9, TPM_RS_PW, empty nonce, continueSession, empty hmac
        assertThat(HEX.formatHex(t.commands.get(1)))
                .isEqualTo("80020000002300000" + "14e" + "40000001" + "01400001" + "00000009" + "40000009" + "0000" + "01" + "0000"
                        + "0040" + "0000");
        assertThat(HEX.formatHex(t.commands.get(2))).endsWith("0006" + "0040");
    }

    @Test
    void hostile_responses_fail_with_command_field_and_offset() {
        expectMalformed(new Scripted().answer(response(0x8001, 0, "000e 01400001 000b 00060006 0000")),
                "NV_ReadPublic response nvPublic.dataSize", 24);
        expectMalformed(new Scripted().answer(response(0x8001, 0, "000e 01400009 000b 00060006 0000 0a28 0000")),
                "NV_ReadPublic response nvPublic.nvIndex", 12);
        expectMalformed(new Scripted().answer(response(0x8001, 0, "0010 01400001 000b 00060006 0000 0a28 0000")),
                "NV_ReadPublic response nvPublic", 12);
        expectMalformed(new Scripted().answer(response(0x8001, 0, "000e 01400001 000b 00060006 0000 0a28 0000 ff")),
                "NV_ReadPublic response NV_ReadPublic", 28);
        expectMalformed(new Scripted().answer(response(0x8001, 0, "000e 01400001 000b 00060006 0041" + "00".repeat(65))),
                "NV_ReadPublic response nvPublic.authPolicy", 22);
    }

    @Test
    void short_parameter_areas_and_short_nv_data_are_rejected() {
        Scripted tooBig = new Scripted()
                .answer(response(0x8001, 0, "00 00000006 00000001 0000012c 00000400"))
                .answer(response(0x8002, 0, "000000ff 0004 01020304"));
        assertThatThrownBy(() -> new Tpm2(tooBig).nvRead(Tpm2.RH_OWNER, 0x01400001, 4))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("NV_Read response parameterSize");
                    assertThat(e.offset()).isEqualTo(10);
                });
        Scripted shortData = new Scripted()
                .answer(response(0x8001, 0, "00 00000006 00000001 0000012c 00000400"))
                .answer(response(0x8002, 0, "00000005 0003 010203 0000 00 0000"));
        assertThatThrownBy(() -> new Tpm2(shortData).nvRead(Tpm2.RH_OWNER, 0x01400001, 4))
                .isInstanceOfSatisfying(EvidenceCollectionException.class,
                        e -> assertThat(e.getMessage()).contains("returned 3 of 4 bytes at NV offset 0"));
        assertThatThrownBy(() -> new Tpm2(new Scripted()).nvRead(Tpm2.RH_OWNER, 1, 70_000))
                .hasMessageContaining("claims 70000 bytes");
    }

    @Test
    void transport_level_truncation_is_a_device_error() throws Exception {
        assertThatThrownBy(() -> TpmTransport.checkComplete(HEX.parseHex("8001000000"), "dev"))
                .hasMessageContaining("shorter than a TPM response header");
        assertThatThrownBy(() -> TpmTransport.checkComplete(HEX.parseHex("80010000000c00000000"), "dev"))
                .hasMessageContaining("its header says 12");
        assertThatThrownBy(() -> new Tpm2(new Scripted().answer("80010000000c0000000000")).nvReadPublic(1))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DEVICE_ERROR);
                    assertThat(e.getMessage()).contains("NV_ReadPublic to scripted failed");
                });
    }

    @Test
    void pcr_read_loops_until_all_24_values_arrive() throws Exception {
        StringBuilder first = new StringBuilder("00000001 00000001 000b 03 ff0000 00000008");
        StringBuilder second = new StringBuilder("00000001 00000001 000b 03 00ffff 00000010");
        for (int i = 0; i < 8; i++) {
            first.append(" 0020").append(String.format("%02x", i).repeat(32));
        }
        for (int i = 8; i < 24; i++) {
            second.append(" 0020").append(String.format("%02x", i).repeat(32));
        }
        Scripted t = new Scripted().answer(response(0x8001, 0, first.toString())).answer(response(0x8001, 0, second.toString()));
        List<byte[]> pcrs = new Tpm2(t).readSha256Bank();
        assertThat(pcrs).hasSize(24);
        for (int i = 0; i < 24; i++) {
            assertThat(pcrs.get(i)).containsOnly((byte) i);
        }
        assertThat(HEX.formatHex(t.commands.get(1))).endsWith("00000001000b0300ffff");

        Scripted lying = new Scripted().answer(response(0x8001, 0, "00000001 00000001 000b 03 ff0000 00000002"));
        assertThatThrownBy(() -> new Tpm2(lying).readSha256Bank()).hasMessageContaining("2 digests for the returned selection");
        Scripted nothing = new Scripted().answer(response(0x8001, 0, "00000001 00000000 00000000"));
        assertThatThrownBy(() -> new Tpm2(nothing).readSha256Bank()).hasMessageContaining("did not return all 24");
    }

    private static void expectMalformed(Scripted t, String field, long offset) {
        assertThatThrownBy(() -> new Tpm2(t).nvReadPublic(0x01400001))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_OUTPUT);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }
}
