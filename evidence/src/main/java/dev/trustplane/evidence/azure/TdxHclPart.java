package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.internal.Hex;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TDX side of Azure CVM evidence, as far as it can be checked today.
 *
 * <p>A TDREPORT is MAC'd with a key that never leaves the platform, so off the platform it proves
 * nothing by itself: trust comes from the TD quote the platform's quoting enclave signs over the same
 * body. Without a TD quote the evidence is therefore {@code COLLATERAL_UNAVAILABLE}. With one (Trustee's
 * {@code az-tdx-vtpm} JSON carries it), its REPORTDATA and MRTD must equal the TDREPORT's
 * ({@code REPORT_DATA_MISMATCH} otherwise) — that is what ties the quote to this HCL report — but the
 * quote's own signature and PCK chain are verified by the TDX verifier, which does not exist yet, so
 * the result carries {@code UNSUPPORTED_VERSION} saying so and is never genuine. (A warning would be the
 * wrong place: warnings leave evidence genuine, and nothing here is anchored in hardware.)
 *
 * <p>Claims use the TDX names of MAA's EAT profile ({@code tdx_mrtd}, {@code tdx_rtmr0}, …) read from
 * the TDREPORT; they are diagnostic until the TD quote is verified.
 */
final class TdxHclPart {
    /** TDREPORT_STRUCT offsets (TDINFO at 512). */
    private static final int REPORTDATA = 128;
    private static final int ATTRIBUTES = 512;
    private static final int XFAM = 520;
    private static final int MRTD = 528;
    private static final int MRCONFIGID = 576;
    private static final int MROWNER = 624;
    private static final int MROWNERCONFIG = 672;
    private static final int RTMR0 = 720;
    /** TD quote: 48-byte header; v4 body at 48, v5 body after u16 type + u32 size; offsets in the body. */
    private static final int QUOTE_HEADER = 48;
    private static final int BODY_MRTD = 136;
    private static final int BODY_REPORTDATA = 520;

    private TdxHclPart() {}

    static Map<String, Object> claims(byte[] tdReport) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("x-ms-attestation-type", "tdxvm");
        c.put("tdx_mrtd", hex(tdReport, MRTD, 48));
        c.put("tdx_mrconfigid", hex(tdReport, MRCONFIGID, 48));
        c.put("tdx_mrowner", hex(tdReport, MROWNER, 48));
        c.put("tdx_mrownerconfig", hex(tdReport, MROWNERCONFIG, 48));
        for (int i = 0; i < 4; i++) {
            c.put("tdx_rtmr" + i, hex(tdReport, RTMR0 + 48 * i, 48));
        }
        c.put("tdx_report_data", hex(tdReport, REPORTDATA, 64));
        c.put("tdx_td_attributes", hex(tdReport, ATTRIBUTES, 8));
        c.put("tdx_xfam", hex(tdReport, XFAM, 8));
        return c;
    }

    static void check(byte[] tdReport, Optional<byte[]> tdQuote, List<Reason> findings) {
        if (tdQuote.isEmpty()) {
            findings.add(new Reason(ReasonCode.COLLATERAL_UNAVAILABLE, "the TDX TDREPORT in the HCL report is "
                    + "MAC'd with a platform-local key and proves nothing off the platform: the TD quote over it "
                    + "must accompany the evidence"));
            return;
        }
        byte[] quote = tdQuote.get();
        int body = bodyOffset(quote);
        if (body < 0 || quote.length < body + BODY_REPORTDATA + 64) {
            findings.add(new Reason(ReasonCode.MALFORMED, "td_quote: not a TDX quote v4/v5 with a TD report body ("
                    + quote.length + " bytes)"));
            return;
        }
        if (!MessageDigest.isEqual(slice(quote, body + BODY_REPORTDATA, 64), slice(tdReport, REPORTDATA, 64))) {
            findings.add(new Reason(ReasonCode.REPORT_DATA_MISMATCH, "td_quote REPORTDATA differs from the TDREPORT's"));
        }
        if (!MessageDigest.isEqual(slice(quote, body + BODY_MRTD, 48), slice(tdReport, MRTD, 48))) {
            findings.add(new Reason(ReasonCode.REPORT_DATA_MISMATCH, "td_quote MRTD differs from the TDREPORT's"));
        }
        findings.add(new Reason(ReasonCode.UNSUPPORTED_VERSION, "td_quote signature and PCK chain not verified: "
                + "TDX quote verification comes with the TDX verifier, not yet available"));
    }

    /** Offset of the TD report body, or -1 when the header is not a TDX quote. */
    private static int bodyOffset(byte[] q) {
        if (q.length < QUOTE_HEADER + 6) {
            return -1;
        }
        int version = (q[0] & 0xFF) | (q[1] & 0xFF) << 8;
        long teeType = (q[4] & 0xFFL) | (q[5] & 0xFFL) << 8 | (q[6] & 0xFFL) << 16 | (q[7] & 0xFFL) << 24;
        if (teeType != 0x81) {
            return -1;
        }
        if (version == 4) {
            return QUOTE_HEADER;
        }
        int bodyType = (q[48] & 0xFF) | (q[49] & 0xFF) << 8;
        return version == 5 && (bodyType == 2 || bodyType == 3) ? QUOTE_HEADER + 6 : -1;
    }

    private static byte[] slice(byte[] b, int at, int len) {
        return Arrays.copyOfRange(b, at, at + len);
    }

    private static String hex(byte[] b, int at, int len) {
        return Hex.encode(slice(b, at, len));
    }
}
