package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.internal.QuoteReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ACPI {@code CCEL} table (ACPI 6.5, "CC Event Log ACPI Table", 56 bytes): the standard 36-byte
 * ACPI header, then CC type (u8; 1 = SEV, 2 = TDX), CC subtype (u8), 2 reserved bytes, the log area's
 * minimum length (u64) and start address (u64), little-endian. It tells a guest where its CC event log
 * lies; off the platform it says which kind of CC guest wrote the log and how large the log area is.
 * The table's bytes must sum to zero (ACPI checksum).
 *
 * @param revision ACPI table revision
 * @param oemId OEM ID (6 ASCII characters, e.g. {@code INTEL })
 * @param ccType the confidential-computing type, {@link #CC_TYPE_TDX} for a TD
 * @param ccSubtype the CC subtype
 * @param logAreaMinimumLength LAML, bytes of the log area
 * @param logAreaStartAddress LASA, guest-physical address of the log area
 */
public record CcelTable(int revision, String oemId, int ccType, int ccSubtype, long logAreaMinimumLength,
        long logAreaStartAddress) {
    /** Size of the table. */
    public static final int SIZE = 56;
    /** CC type of an Intel TDX guest. */
    public static final int CC_TYPE_TDX = 2;
    private static final byte[] SIGNATURE = "CCEL".getBytes(StandardCharsets.US_ASCII);

    /**
     * Parses the table.
     *
     * @throws EvidenceFormatException naming the field and offset that are wrong
     */
    public static CcelTable parse(byte[] b) throws EvidenceFormatException {
        if (!looksLike(b)) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "CCEL signature", 0, "not an ACPI CCEL table");
        }
        QuoteReader r = new QuoteReader(b, 4, b.length);
        long length = r.u32("CCEL length");
        if (length != b.length || length < SIZE) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "CCEL length", 4,
                    "declares " + length + " bytes, the table has " + b.length + " (at least " + SIZE + ")");
        }
        int revision = r.u8("CCEL revision");
        int sum = 0;
        for (byte x : b) {
            sum += x;
        }
        if ((sum & 0xFF) != 0) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "CCEL checksum", 9,
                    "the table's bytes sum to 0x" + Integer.toHexString(sum & 0xFF) + ", not 0");
        }
        r.u8("CCEL checksum");
        String oem = new String(r.bytes("CCEL OEM ID", 6), StandardCharsets.US_ASCII);
        r.bytes("CCEL OEM table ID, OEM revision, creator ID and revision", 8 + 4 + 4 + 4);
        int ccType = r.u8("CCEL CC type");
        int ccSubtype = r.u8("CCEL CC subtype");
        r.u16("CCEL reserved");
        long laml = QuoteReader.u64(r.bytes("CCEL log area minimum length", 8), 0);
        long lasa = QuoteReader.u64(r.bytes("CCEL log area start address", 8), 0);
        return new CcelTable(revision, oem, ccType, ccSubtype, laml, lasa);
    }

    /** Whether {@code b} starts with the {@code CCEL} signature. */
    public static boolean looksLike(byte[] b) {
        return b.length >= 4 && Arrays.equals(b, 0, 4, SIGNATURE, 0, 4);
    }

    /** Whether the table describes a TDX guest's log. */
    public boolean tdx() {
        return ccType == CC_TYPE_TDX;
    }
}
