package dev.trustplane.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.internal.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz targets for the CC event log and ACPI CCEL table parsers, in the manner of
 * {@link DcapFuzzTest}. A normal test run replays only the seeds in {@code CcEventLogFuzzTestInputs/}
 * (a SHA-256 + SHA-384 log and a TDX table built by the TCG and ACPI layouts, no shared data);
 * {@code JAZZER_FUZZ=1 ./mvnw -pl evidence test -Dtest=CcEventLogFuzzTest} fuzzes for real. Properties:
 * the parsers return or throw {@link EvidenceFormatException} naming a field and an offset inside the
 * input; a parsed log re-encodes to a log with the same events and RTMRs. The seeded mutation test
 * checks that a change to what replay depends on (MR index, type, digests) never goes unnoticed.
 */
class CcEventLogFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse_event_log(byte[] data) throws EvidenceFormatException {
        CcEventLog log;
        try {
            log = CcEventLog.parse(data);
        } catch (EvidenceFormatException e) {
            assertThat(e.code()).isIn(ReasonCode.MALFORMED, ReasonCode.UNSUPPORTED_VERSION);
            assertThat(e.field()).isNotBlank();
            assertThat(e.offset()).isBetween(0L, (long) data.length);
            return;
        }
        assertThat(log.length()).isBetween(0, data.length);
        CcEventLog again = CcEventLog.parse(log.encode());
        assertThat(again.events()).hasSameSizeAs(log.events());
        assertThat(again.replay().stream().map(Hex::encode).toList())
                .isEqualTo(log.replay().stream().map(Hex::encode).toList());
    }

    @FuzzTest(maxDuration = "30s")
    void parse_ccel_table(byte[] data) {
        try {
            CcelTable t = CcelTable.parse(data);
            assertThat(data.length).isGreaterThanOrEqualTo(CcelTable.SIZE);
            assertThat(t.oemId()).hasSize(6);
        } catch (EvidenceFormatException e) {
            assertThat(e.code()).isEqualTo(ReasonCode.MALFORMED);
            assertThat(e.field()).isNotBlank();
            assertThat(e.offset()).isBetween(0L, (long) data.length);
        }
    }

    @Test
    void seeded_mutations_of_what_replay_reads_are_always_caught() throws Exception {
        byte[] good = seed("parse_event_log/sha256-sha384");
        CcEventLog log = CcEventLog.parse(good);
        List<byte[]> rtmrs = log.replay();
        // Bytes replay depends on: each event's type and digest count, each measured event's MR index
        // and SHA-384 digest (with its algorithm ID). Not watched: event data (the digest is of what was
        // loaded, not of the data) and the index of EV_NO_ACTION events, which extend nothing.
        List<Integer> watched = new ArrayList<>();
        for (CcEventLog.Event e : log.events()) {
            int at = e.offset();
            for (int i = e.measured() ? 0 : 4; i < 12; i++) {
                watched.add(at + i);
            }
            int digestAt = at + 12 + 2 + 32;
            for (int i = 0; i < 2 + 48 && e.measured(); i++) {
                watched.add(digestAt + i);
            }
        }
        Random random = new Random(20261123L);
        for (int n = 0; n < 400; n++) {
            int at = watched.get(random.nextInt(watched.size()));
            byte[] bad = good.clone();
            bad[at] ^= (byte) (1 + random.nextInt(255));
            try {
                CcEventLog parsed = CcEventLog.parse(bad);
                List<byte[]> replayed = parsed.replay();
                boolean same = true;
                for (int i = 0; i < CcEventLog.RTMRS; i++) {
                    same &= java.util.Arrays.equals(replayed.get(i), rtmrs.get(i));
                }
                // Replay reads a type only as "EV_NO_ACTION or not": turning one measured type into another
                // keeps the RTMRs (the TCG log does not protect types; policies on types trust the log only
                // as far as the digests go).
                assertThat(same && !typeFlipBetweenMeasuredTypes(good, bad, at, log))
                        .as("flip at %d went unnoticed", at).isFalse();
            } catch (EvidenceFormatException e) {
                assertThat(e.field()).isNotBlank();
            }
        }
    }

    @Test
    void seeds_parse() throws Exception {
        CcEventLog log = CcEventLog.parse(seed("parse_event_log/sha256-sha384"));
        assertThat(log.algorithms()).extracting(CcEventLog.Algorithm::id).containsExactly(0x0B, CcEventLog.SHA384);
        assertThat(log.events()).hasSize(5);
        assertThat(log.events()).filteredOn(CcEventLog.Event::measured).hasSize(4);
        assertThat(log.replay().get(3)).isNotEqualTo(new byte[48]);
        assertThat(CcelTable.parse(seed("parse_ccel_table/tdx")).tdx()).isTrue();
    }

    /** Whether the flip changed an event type from one measured type to another (replay ignores types). */
    private static boolean typeFlipBetweenMeasuredTypes(byte[] good, byte[] bad, int at, CcEventLog log) {
        for (CcEventLog.Event e : log.events()) {
            if (at >= e.offset() + 4 && at < e.offset() + 8) {
                long before = u32(good, e.offset() + 4);
                long after = u32(bad, e.offset() + 4);
                return before != CcEventLog.EV_NO_ACTION && after != CcEventLog.EV_NO_ACTION;
            }
        }
        return false;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private byte[] seed(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("CcEventLogFuzzTestInputs/" + name)) {
            return in.readAllBytes();
        }
    }
}
