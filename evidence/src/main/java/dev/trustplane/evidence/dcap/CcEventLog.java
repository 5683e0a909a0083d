package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.internal.QuoteReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A TDX CC event log (the buffer the ACPI {@code CCEL} table points to): the TCG PC Client crypto-agile
 * event log format with CC measurement-register indices.
 *
 * <p>Layout (all little-endian): one legacy {@code TCG_PCR_EVENT} (u32 index, u32 type =
 * {@code EV_NO_ACTION}, 20-byte SHA-1 digest field, u32 size, data) carrying the {@code Spec ID Event03}
 * structure, which lists the digest algorithms and their sizes; then {@code TCG_PCR_EVENT2} records
 * (u32 MR index, u32 type, u32 digest count, count × (u16 algorithm, digest of the listed size), u32
 * size, data). The buffer is usually larger than the log and padded with 0xFF (or 0x00): the log ends
 * where an event header would be all padding.
 *
 * <p>In a TD the MR index is a CC measurement register: 1 → RTMR0 … 4 → RTMR3 (0 would be MRTD, which
 * the firmware never extends through the log). Every event except {@code EV_NO_ACTION} extends its
 * RTMR: {@code RTMR = SHA-384(RTMR ‖ SHA-384 digest)} from 48 zero bytes; {@link #replay()} computes
 * the four values the quote's TD report must show.
 *
 * <p>The parser is strict where replay depends on it: a measured event must carry a SHA-384 digest and
 * name an RTMR, a digest algorithm must be one the Spec ID event listed, and every length is checked
 * against what is left before anything is allocated. Failures are {@link EvidenceFormatException}s
 * ({@code MALFORMED}, or {@code UNSUPPORTED_VERSION} for a log that is not crypto-agile SHA-384) naming
 * the field and its byte offset. Arrays are the parser's own copies: treat them as read-only.
 *
 * @param algorithms the digest algorithms of the Spec ID event, in order
 * @param events the events after the Spec ID event, in order (including later {@code EV_NO_ACTION} ones)
 * @param length bytes the log occupies (Spec ID event and events, without padding); ignored by {@link #encode()}
 */
public record CcEventLog(List<Algorithm> algorithms, List<Event> events, int length) {
    /** {@code EV_NO_ACTION}: informational, extends nothing. */
    public static final long EV_NO_ACTION = 3;
    /** TCG algorithm ID of SHA-384 ({@code TPM_ALG_SHA384}). */
    public static final int SHA384 = 0x000C;
    /** Size of an RTMR and of a SHA-384 digest. */
    public static final int RTMR_SIZE = 48;
    /** Number of RTMRs of a TD. */
    public static final int RTMRS = 4;

    private static final byte[] SPEC_ID_SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    private static final int LEGACY_DIGEST_SIZE = 20;
    /** Largest digest of any TCG algorithm (SHA-512, SHA3-512). */
    private static final int MAX_DIGEST_SIZE = 64;
    private static final Map<Long, String> TYPE_NAMES = typeNames();

    public CcEventLog {
        algorithms = List.copyOf(algorithms);
        events = List.copyOf(events);
    }

    /** A digest algorithm of the Spec ID event. */
    public record Algorithm(int id, int digestSize) {}

    /** One digest of an event. */
    public record Digest(int algorithm, byte[] value) {}

    /**
     * One {@code TCG_PCR_EVENT2}.
     *
     * @param offset byte offset of the event in the log (0 when built, not parsed)
     * @param mrIndex the CC measurement-register index (1..4 → RTMR0..3)
     * @param type the TCG event type, e.g. {@code 0x80000003} (EV_EFI_BOOT_SERVICES_APPLICATION)
     * @param digests the event's digests, one per algorithm of the Spec ID event
     * @param data the event data
     */
    public record Event(int offset, long mrIndex, long type, List<Digest> digests, byte[] data) {
        public Event {
            digests = List.copyOf(digests);
        }

        /** A measured event with only a SHA-384 digest (for building logs). */
        public static Event sha384(int rtmr, long type, byte[] digest, byte[] data) {
            return new Event(0, rtmr + 1L, type, List.of(new Digest(SHA384, digest)), data);
        }

        /** The digest of {@code algorithm}, if the event carries one. */
        public Optional<byte[]> digest(int algorithm) {
            return digests.stream().filter(d -> d.algorithm() == algorithm).map(Digest::value).findFirst();
        }

        /** Whether the event extends an RTMR (every type but {@code EV_NO_ACTION}). */
        public boolean measured() {
            return type != EV_NO_ACTION;
        }

        /** The RTMR the event extends (0..3); meaningful for {@link #measured()} events. */
        public int rtmr() {
            return (int) mrIndex - 1;
        }

        /** The TCG name of the type, e.g. {@code EV_SEPARATOR}, or its hex value. */
        public String typeName() {
            return CcEventLog.typeName(type);
        }
    }

    /**
     * Parses a CC event log buffer (the log and any padding after it).
     *
     * @throws EvidenceFormatException naming the field and offset that are wrong
     */
    public static CcEventLog parse(byte[] b) throws EvidenceFormatException {
        QuoteReader r = new QuoteReader(b, 0, b.length);
        r.u32("Spec ID event MR index");
        long type = r.u32("Spec ID event type");
        if (type != EV_NO_ACTION) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "Spec ID event type", 4,
                    "the first event must be EV_NO_ACTION (3) carrying the Spec ID event, got 0x" + Long.toHexString(type));
        }
        r.bytes("Spec ID event digest", LEGACY_DIGEST_SIZE);
        int size = r.size("Spec ID event size", r.u32("Spec ID event size"));
        int start = r.position();
        List<Algorithm> algorithms = specId(new QuoteReader(b, start, start + size), start);
        r.bytes("Spec ID event data", size);

        List<Event> events = new ArrayList<>();
        while (r.remaining() > 0 && !padding(b, r.position())) {
            events.add(event(r, algorithms, events.size() + 1));
        }
        return new CcEventLog(algorithms, events, r.position());
    }

    /** Whether {@code b} starts like a crypto-agile TCG event log (EV_NO_ACTION carrying {@code Spec ID Event03}). */
    public static boolean looksLike(byte[] b) {
        return b.length >= 48 + 4 && (b[4] & 0xFF) == EV_NO_ACTION && b[5] == 0 && b[6] == 0 && b[7] == 0
                && Arrays.equals(b, 32, 48, SPEC_ID_SIGNATURE, 0, 16);
    }

    private static List<Algorithm> specId(QuoteReader r, int start) throws EvidenceFormatException {
        byte[] signature = r.bytes("Spec ID signature", 16);
        if (!Arrays.equals(signature, SPEC_ID_SIGNATURE)) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, "Spec ID signature", start,
                    "not \"Spec ID Event03\" (only crypto-agile logs carry SHA-384 digests)");
        }
        r.u32("Spec ID platform class");
        r.u8("Spec ID version minor");
        int major = r.u8("Spec ID version major");
        if (major != 2) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, "Spec ID version major", r.position() - 1,
                    "version " + major + ", expected 2 (TCG PC Client 2.0 crypto-agile)");
        }
        r.u8("Spec ID errata");
        r.u8("Spec ID uintn size");
        int countAt = r.position();
        long count = r.u32("Spec ID number of algorithms");
        if (count < 1 || count > r.remaining() / 4) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "Spec ID number of algorithms", countAt,
                    count + " algorithms do not fit the Spec ID event");
        }
        List<Algorithm> algorithms = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int at = r.position();
            int id = r.u16("Spec ID algorithm " + i);
            int digestSize = r.u16("Spec ID digest size " + i);
            if (!seen.add(id)) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, "Spec ID algorithm " + i, at,
                        "algorithm 0x" + Integer.toHexString(id) + " listed twice");
            }
            boolean sha384 = id == SHA384;
            if (digestSize < 1 || digestSize > MAX_DIGEST_SIZE || sha384 && digestSize != RTMR_SIZE) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, "Spec ID digest size " + i, at + 2,
                        "digest size " + digestSize + " for algorithm 0x" + Integer.toHexString(id));
            }
            algorithms.add(new Algorithm(id, digestSize));
        }
        if (!seen.contains(SHA384)) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, "Spec ID algorithms", countAt,
                    "no SHA-384 (0x000c): RTMRs are extended with SHA-384 digests");
        }
        int vendorSize = r.u8("Spec ID vendor info size");
        r.bytes("Spec ID vendor info", vendorSize);
        return algorithms;
    }

    private static Event event(QuoteReader r, List<Algorithm> algorithms, int n) throws EvidenceFormatException {
        String name = "event " + n;
        int offset = r.position();
        long mrIndex = r.u32(name + " MR index");
        long type = r.u32(name + " type");
        int countAt = r.position();
        long count = r.u32(name + " digest count");
        if (count < 1 || count > algorithms.size()) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, name + " digest count", countAt,
                    count + " digests, the Spec ID event lists " + algorithms.size() + " algorithms");
        }
        List<Digest> digests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = r.position();
            int id = r.u16(name + " digest algorithm");
            Algorithm algorithm = algorithms.stream().filter(a -> a.id() == id).findFirst().orElseThrow(
                    () -> new EvidenceFormatException(ReasonCode.MALFORMED, name + " digest algorithm", at,
                            "algorithm 0x" + Integer.toHexString(id) + " is not listed in the Spec ID event"));
            if (digests.stream().anyMatch(d -> d.algorithm() == id)) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, name + " digest algorithm", at,
                        "algorithm 0x" + Integer.toHexString(id) + " given twice");
            }
            digests.add(new Digest(id, r.bytes(name + " digest", algorithm.digestSize())));
        }
        int size = r.size(name + " data size", r.u32(name + " data size"));
        byte[] data = r.bytes(name + " data", size);
        Event e = new Event(offset, mrIndex, type, digests, data);
        if (e.measured()) {
            if (mrIndex < 1 || mrIndex > RTMRS) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, name + " MR index", offset,
                        "MR index " + mrIndex + " is not an RTMR (1..4 for RTMR0..3)");
            }
            if (e.digest(SHA384).isEmpty()) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, name + " digests", countAt,
                        "a measured event without a SHA-384 digest cannot be replayed");
            }
        }
        return e;
    }

    /** An event header (MR index and type) that is all 0xFF or all 0x00 is the padding after the log. */
    private static boolean padding(byte[] b, int at) {
        int end = Math.min(b.length, at + 8);
        byte first = b[at];
        if (first != 0 && first != (byte) 0xFF) {
            return false;
        }
        for (int i = at; i < end; i++) {
            if (b[i] != first) {
                return false;
            }
        }
        return true;
    }

    /** RTMR0..3 as the firmware extended them: SHA-384 chains over the measured events, from zero. */
    public List<byte[]> replay() {
        byte[][] rtmrs = new byte[RTMRS][RTMR_SIZE];
        MessageDigest sha384 = sha384();
        for (Event e : events) {
            if (!e.measured()) {
                continue;
            }
            int i = e.rtmr();
            sha384.update(rtmrs[i]);
            sha384.update(e.digest(SHA384).orElseThrow());
            rtmrs[i] = sha384.digest();
        }
        return List.of(rtmrs);
    }

    /** The log in its binary form (Spec ID event and events, no padding), as firmware writes it. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 * algorithms.size() + 1);
        spec.put(SPEC_ID_SIGNATURE).putInt(0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 2)
                .putInt(algorithms.size());
        algorithms.forEach(a -> spec.putShort((short) a.id()).putShort((short) a.digestSize()));
        spec.put((byte) 0);
        // TD firmware files the Spec ID event under MR index 1; its SHA-1 digest field stays zero.
        out.writeBytes(le(8).putInt(1).putInt((int) EV_NO_ACTION).array());
        out.writeBytes(new byte[LEGACY_DIGEST_SIZE]);
        out.writeBytes(le(4).putInt(spec.capacity()).array());
        out.writeBytes(spec.array());
        for (Event e : events) {
            out.writeBytes(le(12).putInt((int) e.mrIndex()).putInt((int) e.type()).putInt(e.digests().size()).array());
            for (Digest d : e.digests()) {
                out.writeBytes(le(2).putShort((short) d.algorithm()).array());
                out.writeBytes(d.value());
            }
            out.writeBytes(le(4).putInt(e.data().length).array());
            out.writeBytes(e.data());
        }
        return out.toByteArray();
    }

    /** The TCG name of an event type (TCG PC Client Platform Firmware Profile), or its hex value. */
    public static String typeName(long type) {
        String name = TYPE_NAMES.get(type);
        return name != null ? name : String.format("0x%08x", type);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
    }

    private static Map<Long, String> typeNames() {
        String[] base = {"EV_PREBOOT_CERT", "EV_POST_CODE", "EV_UNUSED", "EV_NO_ACTION", "EV_SEPARATOR", "EV_ACTION",
            "EV_EVENT_TAG", "EV_S_CRTM_CONTENTS", "EV_S_CRTM_VERSION", "EV_CPU_MICROCODE", "EV_PLATFORM_CONFIG_FLAGS",
            "EV_TABLE_OF_DEVICES", "EV_COMPACT_HASH", "EV_IPL", "EV_IPL_PARTITION_DATA", "EV_NONHOST_CODE",
            "EV_NONHOST_CONFIG", "EV_NONHOST_INFO", "EV_OMIT_BOOT_DEVICE_EVENTS"};
        String[] efi = {null, "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_BOOT", "EV_EFI_BOOT_SERVICES_APPLICATION",
            "EV_EFI_BOOT_SERVICES_DRIVER", "EV_EFI_RUNTIME_SERVICES_DRIVER", "EV_EFI_GPT_EVENT", "EV_EFI_ACTION",
            "EV_EFI_PLATFORM_FIRMWARE_BLOB", "EV_EFI_HANDOFF_TABLES", "EV_EFI_PLATFORM_FIRMWARE_BLOB2",
            "EV_EFI_HANDOFF_TABLES2", "EV_EFI_VARIABLE_BOOT2"};
        Map<Long, String> names = new java.util.HashMap<>();
        for (int i = 0; i < base.length; i++) {
            names.put((long) i, base[i]);
        }
        for (int i = 1; i < efi.length; i++) {
            names.put(0x80000000L + i, efi[i]);
        }
        names.put(0x80000010L, "EV_EFI_HCRTM_EVENT");
        names.put(0x800000E0L, "EV_EFI_VARIABLE_AUTHORITY");
        return Map.copyOf(names);
    }
}
