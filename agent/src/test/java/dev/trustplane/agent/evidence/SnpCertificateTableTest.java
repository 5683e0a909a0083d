package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.simulator.SimulatedSnpEvidence;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The host's certificate table: layout, chain order, and every way a hostile host can malform it. */
class SnpCertificateTableTest {
    private static final SimulatedSnpEvidence EV = SnpSimulator.standard().generate(new SnpSpec());

    private static byte[] table() throws Exception {
        return ConfigfsTsmTest.certTable(EV);
    }

    @Test
    void layout_is_guid_offset_length_entries_then_a_zero_terminator() throws Exception {
        byte[] t = table();
        ByteBuffer b = ByteBuffer.wrap(t);
        // First entry: the VCEK GUID in textual byte order, then little-endian offset and length.
        assertThat(Arrays.copyOfRange(t, 0, 16)).isEqualTo(java.util.HexFormat.of().parseHex("63da758de6644564adc5f4b93be8accd"));
        b.order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(16)).isEqualTo(4 * 24);
        assertThat(b.getInt(20)).isEqualTo(EV.vcek().getEncoded().length);
        assertThat(Arrays.copyOfRange(t, 72, 96)).isEqualTo(new byte[24]);
        SnpCertificateTable parsed = SnpCertificateTable.parse(t);
        assertThat(parsed.entries().keySet()).containsExactly(SnpCertificateTable.VCEK, SnpCertificateTable.ASK,
                SnpCertificateTable.ARK);
        assertThat(ConfigfsTsmTest.pemChain(parsed.vcekCertChainPem().orElseThrow()))
                .containsExactly(EV.vcek(), EV.ask(), EV.ark());
        // Trailing zero pages (the kernel hands back the whole buffer) are ignored after the terminator.
        assertThat(SnpCertificateTable.parse(Arrays.copyOf(t, 16384)).entries()).hasSize(3);
    }

    @Test
    void a_vlek_leads_the_chain_and_unknown_entries_are_carried() throws Exception {
        Map<UUID, byte[]> m = new LinkedHashMap<>();
        UUID extra = UUID.fromString("ecae0c0f-9502-43b1-afa2-0ae2e0d565b6");
        m.put(extra, new byte[] {1, 2, 3});
        m.put(SnpCertificateTable.VLEK, EV.vcek().getEncoded());
        SnpCertificateTable t = SnpCertificateTable.parse(new SnpCertificateTable(m).encode());
        assertThat(t.get(extra)).contains(new byte[] {1, 2, 3});
        assertThat(ConfigfsTsmTest.pemChain(t.vcekCertChainPem().orElseThrow())).containsExactly(EV.vcek());
        assertThat(SnpCertificateTable.parse(new byte[0]).vcekCertChainPem()).isEmpty();
    }

    @Test
    void hostile_tables_fail_with_the_offset() throws Exception {
        byte[] good = table();
        expectBad(Arrays.copyOf(good, 50), 16, "lies outside");

        ByteBuffer unterminated = ByteBuffer.allocate(28);
        unterminated.putLong(0x0102030405060708L).putLong(0x1112131415161718L);
        unterminated.order(ByteOrder.LITTLE_ENDIAN).putInt(24).putInt(4);
        expectBad(unterminated.array(), 24, "no terminator");

        byte[] outside = good.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(20, good.length);
        expectBad(outside, 16, "lies outside");

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(16, -8).putInt(20, 16);
        expectBad(huge, 16, "lies outside");

        byte[] overlap = good.clone();
        ByteBuffer.wrap(overlap).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 8);
        expectBad(overlap, 16, "overlaps the entry list");

        byte[] twice = good.clone();
        System.arraycopy(good, 0, twice, 24, 16);
        expectBad(twice, 24, "appears twice");

        byte[] notDer = good.clone();
        int vcekAt = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        notDer[vcekAt] = 0x05;
        expectBad(notDer, 0, "not a DER X.509 certificate");

        expectBad(new byte[SnpCertificateTable.MAX_SIZE + 1], -1, "exceeds");
    }

    private static void expectBad(byte[] blob, long offset, String detail) {
        assertThatThrownBy(() -> SnpCertificateTable.parse(blob))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_OUTPUT);
                    assertThat(e.field()).isEqualTo("certificate table");
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(detail);
                });
    }
}
