package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.dcap.internal.QuoteReader;

/**
 * An Open Enclave remote report, as MAA's {@code /attest/OpenEnclave} takes it: a 16-byte header
 * ({@code u32 version} = 1, {@code u32 report_type} = 2 for an SGX remote report, {@code u64 report_size})
 * followed by the SGX ECDSA quote. Only the header is Open Enclave's; the quote is verified as any other.
 */
public final class OpenEnclaveReport {
    /** Header version of Open Enclave reports. */
    public static final int VERSION = 1;
    /** Report type of a remotely verifiable SGX report (an ECDSA quote). */
    public static final int SGX_REMOTE = 2;
    private static final int HEADER = 16;

    private OpenEnclaveReport() {}

    /** Whether {@code b} starts with an Open Enclave header whose size matches the rest. */
    public static boolean looksLike(byte[] b) {
        return b.length > HEADER + DcapQuote.HEADER_SIZE && QuoteReader.u16(b, 0) == VERSION && QuoteReader.u16(b, 2) == 0
                && QuoteReader.u16(b, 4) == SGX_REMOTE && QuoteReader.u16(b, 6) == 0
                && QuoteReader.u64(b, 8) == b.length - HEADER;
    }

    /** The quote inside an Open Enclave report. */
    public static byte[] quote(byte[] report) throws EvidenceFormatException {
        QuoteReader r = new QuoteReader(report, 0, report.length);
        long version = r.u32("OE_REPORT_VERSION");
        if (version != VERSION) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, "OE_REPORT_VERSION", 0,
                    "Open Enclave report header version " + version + " (only 1 is known)");
        }
        long type = r.u32("OE_REPORT_TYPE");
        if (type != SGX_REMOTE) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, "OE_REPORT_TYPE", 4,
                    "report type " + type + " is not an SGX remote report (2)");
        }
        long low = r.u32("OE_REPORT_SIZE");
        long high = r.u32("OE_REPORT_SIZE");
        if (high != 0 || low != report.length - HEADER) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "OE_REPORT_SIZE", 8, "declares "
                    + (high != 0 ? "more than 4 GiB" : low + " bytes") + " but " + (report.length - HEADER) + " follow");
        }
        return r.bytes("OE_REPORT", (int) low);
    }

    /** Wraps a quote in an Open Enclave header (the simulator's inverse of {@link #quote}). */
    public static byte[] wrap(byte[] quote) {
        byte[] out = new byte[HEADER + quote.length];
        out[0] = VERSION;
        out[4] = SGX_REMOTE;
        long size = quote.length;
        for (int i = 0; i < 8; i++) {
            out[8 + i] = (byte) (size >>> (8 * i));
        }
        System.arraycopy(quote, 0, out, HEADER, quote.length);
        return out;
    }
}
