package dev.trustplane.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.internal.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TDX CC event log: the shared CCEL sample parses to the manifest's values and replays the GCE
 * quote's RTMRs; logs built by the TCG layout round-trip and replay as SHA-384 chains computed here;
 * hostile logs and CCEL tables fail with typed errors naming the field and offset.
 */
class CcEventLogTest {
    private static final String LOG = "tdx/ccel-cos113.bin";
    private static final String TABLE = "tdx/ccel-acpi-table.bin";
    private static final List<String> MANIFEST_RTMRS = List.of(
            "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1edece752afd17f6",
            "f62dbc072bd5d3f3438b7b35c39a727f5aea2ffc2473f43723953f530daf62504f0a7944aa62c41a86e8a878c2b122c1",
            "4969684dc87381fc3b3134176c8d8806eaf0a901859f5f70cfae8d17714b46c10a8de219048c9fc09f11f381a6fbe7c1",
            "0".repeat(96));

    @Test
    void shared_ccel_sample_has_the_manifest_events_and_replays_its_rtmrs() throws Exception {
        byte[] bytes = DcapVectors.bytes(LOG);
        assertThat(bytes).hasSize(262144);
        CcEventLog log = CcEventLog.parse(bytes);
        assertThat(log.events()).hasSize(43);
        assertThat(log.length()).isEqualTo(18101);
        assertThat(log.algorithms()).containsExactly(new CcEventLog.Algorithm(CcEventLog.SHA384, 48));
        assertThat(log.replay().stream().map(Hex::encode).toList()).isEqualTo(MANIFEST_RTMRS);
        assertThat(log.events().getFirst().offset()).isEqualTo(0x41);
        assertThat(log.events()).allMatch(e -> !e.measured() || e.rtmr() >= 0 && e.rtmr() <= 2);
        assertThat(log.events().stream().map(CcEventLog.Event::typeName)).contains("EV_SEPARATOR",
                "EV_EFI_BOOT_SERVICES_APPLICATION");

        CcelTable table = CcelTable.parse(DcapVectors.bytes(TABLE));
        assertThat(table.tdx()).isTrue();
        assertThat(table.ccSubtype()).isZero();
        assertThat(table.revision()).isEqualTo(1);
        assertThat(table.oemId()).isEqualTo("INTEL ");
        assertThat(table.logAreaMinimumLength()).isEqualTo(262144);
        assertThat(table.logAreaStartAddress()).isEqualTo(0xbedbf000L);
    }

    @Test
    void gce_quote_with_its_ccel_is_genuine_and_the_events_become_claims() throws Exception {
        DcapVectors.Vector v = DcapVectors.all().stream().filter(x -> x.file().equals("tdx/v4-gce-cos113-gotdx.dat"))
                .findFirst().orElseThrow();
        CcEventLog log = CcEventLog.parse(DcapVectors.bytes(LOG));
        AppraisalResult r = verifier(v).verify(DcapQuote.parse(DcapVectors.bytes(v.file())), DcapVectors.collateral(v),
                null, log);
        assertThat(r.genuine()).as(r.reasons().toString()).isTrue();
        assertThat(r.claims()).containsEntry(DcapClaimNames.CCEL_REPLAYED, true);
        List<?> events = (List<?>) r.claims().get(DcapClaimNames.CCEL_EVENTS);
        assertThat(events).hasSize((int) log.events().stream().filter(CcEventLog.Event::measured).count());
        Map<?, ?> first = (Map<?, ?>) events.getFirst();
        assertThat(first.get("rtmr")).isEqualTo(0);
        assertThat(first.get("offset")).isEqualTo(0x41);
        assertThat((String) first.get("digest")).hasSize(96);

        // A changed digest in the log replays to another RTMR: the log no longer accounts for the quote.
        byte[] tampered = DcapVectors.bytes(LOG);
        tampered[0x41 + 14] ^= 1;
        AppraisalResult bad = verifier(v).verify(DcapQuote.parse(DcapVectors.bytes(v.file())), DcapVectors.collateral(v),
                null, CcEventLog.parse(tampered));
        assertThat(bad.genuine()).isFalse();
        assertThat(bad.reasons()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ReasonCode.MEASUREMENT_MISMATCH);
            assertThat(x.detail()).contains("RTMR0").contains(MANIFEST_RTMRS.getFirst());
        });
        assertThat(bad.claims()).containsEntry(DcapClaimNames.CCEL_REPLAYED, false);
    }

    @Test
    void another_tds_log_does_not_replay_a_quote_and_sgx_quotes_take_no_log() throws Exception {
        DcapVectors.Vector gnr = DcapVectors.all().stream().filter(x -> x.file().equals("tdx/v4-gnr-trustee.dat"))
                .findFirst().orElseThrow();
        CcEventLog log = CcEventLog.parse(DcapVectors.bytes(LOG));
        AppraisalResult r = verifier(gnr).verify(DcapQuote.parse(DcapVectors.bytes(gnr.file())),
                DcapVectors.collateral(gnr), null, log);
        assertThat(r.reasons().stream().filter(x -> x.code() == ReasonCode.MEASUREMENT_MISMATCH)).hasSizeGreaterThan(0);

        DcapVectors.Vector sgx = DcapVectors.all().stream().filter(x -> x.file().equals("sgx/v3-icx-automata.dat"))
                .findFirst().orElseThrow();
        AppraisalResult s = verifier(sgx).verify(DcapQuote.parse(DcapVectors.bytes(sgx.file())),
                DcapVectors.collateral(sgx), null, log);
        assertThat(s.reasons()).extracting(Reason::code).contains(ReasonCode.MALFORMED);
    }

    @Test
    void built_log_round_trips_and_replays_as_sha384_chains() throws Exception {
        byte[] kernel = sha384("kernel".getBytes());
        byte[] cmdline = sha384("console=ttyS0".getBytes());
        byte[] separator = sha384(new byte[4]);
        CcEventLog built = new CcEventLog(List.of(new CcEventLog.Algorithm(CcEventLog.SHA384, 48)), List.of(
                CcEventLog.Event.sha384(0, 4, separator, new byte[4]),
                new CcEventLog.Event(0, 1, CcEventLog.EV_NO_ACTION, List.of(new CcEventLog.Digest(CcEventLog.SHA384,
                        new byte[48])), "StartupLocality\0\0".getBytes()),
                CcEventLog.Event.sha384(1, 0x80000003L, kernel, new byte[] {1, 2, 3}),
                CcEventLog.Event.sha384(2, 0xD, cmdline, "console=ttyS0".getBytes()),
                CcEventLog.Event.sha384(1, 0x80000007L, separator, new byte[0])), 0);
        byte[] padded = Arrays.copyOf(built.encode(), built.encode().length + 4096);
        Arrays.fill(padded, built.encode().length, padded.length, (byte) 0xFF);

        CcEventLog parsed = CcEventLog.parse(padded);
        assertThat(parsed.length()).isEqualTo(built.encode().length);
        assertThat(parsed.events()).hasSize(5);
        assertThat(parsed.encode()).isEqualTo(built.encode());
        assertThat(parsed.events().get(3).typeName()).isEqualTo("EV_IPL");
        assertThat(parsed.events().get(4).typeName()).isEqualTo("EV_EFI_ACTION");

        List<byte[]> rtmrs = parsed.replay();
        assertThat(rtmrs.get(0)).isEqualTo(sha384(concat(new byte[48], separator)));
        assertThat(rtmrs.get(1)).isEqualTo(sha384(concat(sha384(concat(new byte[48], kernel)), separator)));
        assertThat(rtmrs.get(2)).isEqualTo(sha384(concat(new byte[48], cmdline)));
        assertThat(rtmrs.get(3)).isEqualTo(new byte[48]);
        // Zero padding ends the log as well.
        byte[] zeroPadded = Arrays.copyOf(built.encode(), built.encode().length + 100);
        assertThat(CcEventLog.parse(zeroPadded).events()).hasSize(5);
    }

    @Test
    void every_truncation_fails_with_a_field_and_an_offset_inside_the_log() throws Exception {
        byte[] log = builtLog();
        for (int cut = 0; cut < log.length; cut++) {
            byte[] b = Arrays.copyOf(log, cut);
            try {
                CcEventLog parsed = CcEventLog.parse(b);
                // A cut exactly at an event boundary is a shorter, valid log.
                assertThat(parsed.length()).isEqualTo(cut);
            } catch (EvidenceFormatException e) {
                assertThat(e.code()).isIn(ReasonCode.MALFORMED, ReasonCode.UNSUPPORTED_VERSION);
                assertThat(e.field()).isNotBlank();
                assertThat(e.offset()).isBetween(0L, (long) cut);
            }
        }
    }

    @Test
    void hostile_logs_name_the_field_and_offset() throws Exception {
        byte[] good = builtLog();
        int event = 32 + 33; // header (32) + Spec ID event (33): the first TCG_PCR_EVENT2

        expect(set(good, 4, 4), ReasonCode.MALFORMED, "Spec ID event type", 4);
        byte[] legacy = good.clone();
        legacy[32 + 14] = '0'; // "Spec ID Event00": a SHA-1-only log
        expect(legacy, ReasonCode.UNSUPPORTED_VERSION, "Spec ID signature", 32);
        expect(set(good, 28, 0x7FFFFFF0), ReasonCode.MALFORMED, "Spec ID event size", 28);
        expect(set(good, 32 + 24, 1000), ReasonCode.MALFORMED, "Spec ID number of algorithms", 32 + 24);
        byte[] sha256Only = good.clone();
        sha256Only[32 + 28] = 0x0B;
        expect(sha256Only, ReasonCode.UNSUPPORTED_VERSION, "Spec ID algorithms", 32 + 24);
        byte[] shortSha384 = good.clone();
        shortSha384[32 + 30] = 47;
        expect(shortSha384, ReasonCode.MALFORMED, "Spec ID digest size 0", 32 + 30);

        expect(set(good, event, 5), ReasonCode.MALFORMED, "event 1 MR index", event);
        expect(set(good, event, 0), ReasonCode.MALFORMED, "event 1 MR index", event);
        expect(set(good, event + 8, 9), ReasonCode.MALFORMED, "event 1 digest count", event + 8);
        byte[] alg = good.clone();
        alg[event + 12] = 0x0B;
        expect(alg, ReasonCode.MALFORMED, "event 1 digest algorithm", event + 12);
        expect(set(good, event + 12 + 2 + 48, -1), ReasonCode.MALFORMED, "event 1 data size", event + 12 + 2 + 48);
    }

    @Test
    void hostile_ccel_tables_name_the_field() throws Exception {
        byte[] good = table(2);
        assertThat(CcelTable.parse(good).tdx()).isTrue();
        assertThat(CcelTable.parse(table(1)).tdx()).isFalse();
        byte[] badSum = good.clone();
        badSum[40] ^= 1;
        assertThatThrownBy(() -> CcelTable.parse(badSum)).isInstanceOfSatisfying(EvidenceFormatException.class,
                e -> assertThat(e.field()).isEqualTo("CCEL checksum"));
        assertThatThrownBy(() -> CcelTable.parse(Arrays.copyOf(good, 40))).isInstanceOfSatisfying(
                EvidenceFormatException.class, e -> assertThat(e.field()).isEqualTo("CCEL length"));
        assertThatThrownBy(() -> CcelTable.parse("XSDT".getBytes())).isInstanceOfSatisfying(
                EvidenceFormatException.class, e -> assertThat(e.field()).isEqualTo("CCEL signature"));
    }

    private static DcapVerifier verifier(DcapVectors.Vector v) {
        return new DcapVerifier(TrustProfile.production(), v.clock(), DcapVerifier.Options.defaults());
    }

    private static void expect(byte[] log, ReasonCode code, String field, int offset) {
        assertThatThrownBy(() -> CcEventLog.parse(log)).as(field).isInstanceOfSatisfying(EvidenceFormatException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains("0x" + Integer.toHexString(offset));
                });
    }

    /** A one-algorithm (SHA-384) log with two measured events. */
    static byte[] builtLog() {
        return new CcEventLog(List.of(new CcEventLog.Algorithm(CcEventLog.SHA384, 48)), List.of(
                CcEventLog.Event.sha384(0, 0x80000008L, sha384("firmware".getBytes()), new byte[16]),
                CcEventLog.Event.sha384(2, 0xD, sha384("cmdline".getBytes()), "cmdline".getBytes())), 0).encode();
    }

    /** A CCEL table of {@code ccType} with a correct checksum. */
    static byte[] table(int ccType) {
        ByteBuffer b = ByteBuffer.allocate(CcelTable.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put("CCEL".getBytes()).putInt(CcelTable.SIZE).put((byte) 1).put((byte) 0).put("TPLANE".getBytes())
                .put("TESTTABL".getBytes()).putInt(1).put("TPLN".getBytes()).putInt(1)
                .put((byte) ccType).put((byte) 0).putShort((short) 0).putLong(65536).putLong(0x7f000000L);
        byte[] t = b.array();
        int sum = 0;
        for (byte x : t) {
            sum += x;
        }
        t[9] = (byte) -sum;
        return t;
    }

    private static byte[] set(byte[] b, int at, int u32) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(at, u32);
        return c;
    }

    private static byte[] sha384(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
