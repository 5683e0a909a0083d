package dev.trustplane.evidence.dcap;

import dev.trustplane.evidence.dcap.internal.QuoteReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A TD report body of a TDX quote: TD Report 1.0 (584 bytes, quote v4 and v5 body type 2) or 1.5
 * (648 bytes, v5 body type 3, adding TEE_TCB_SVN_2 and MRSERVICETD). Arrays are the parser's own copies
 * and are not copied again on access: treat them as read-only.
 */
public record TdReportBody(
        byte[] teeTcbSvn,
        byte[] mrSeam,
        byte[] mrSignerSeam,
        byte[] seamAttributes,
        byte[] tdAttributes,
        byte[] xfam,
        byte[] mrTd,
        byte[] mrConfigId,
        byte[] mrOwner,
        byte[] mrOwnerConfig,
        List<byte[]> rtmrs,
        byte[] reportData,
        Optional<byte[]> teeTcbSvn2,
        Optional<byte[]> mrServiceTd) {
    /** Size of a TD Report 1.0 body. */
    public static final int SIZE_10 = 584;
    /** Size of a TD Report 1.5 body. */
    public static final int SIZE_15 = 648;

    /** TDATTRIBUTES bit 0: the TD is debuggable (its memory and state are visible to the host). */
    public static final long TD_DEBUG = 1L;
    /** TDATTRIBUTES bit 28: EPT violations are not converted to #VE. */
    public static final long TD_SEPT_VE_DISABLE = 1L << 28;
    /** TDATTRIBUTES bit 30: protection keys for supervisor pages. */
    public static final long TD_PKS = 1L << 30;
    /** TDATTRIBUTES bit 31: key locker. */
    public static final long TD_KL = 1L << 31;
    /** TDATTRIBUTES bit 63: performance monitoring. */
    public static final long TD_PERFMON = 1L << 63;

    /** Decodes a 584- or 648-byte body (length checked by the caller). */
    public static TdReportBody of(byte[] b) {
        boolean v15 = b.length == SIZE_15;
        return new TdReportBody(slice(b, 0, 16), slice(b, 16, 48), slice(b, 64, 48), slice(b, 112, 8), slice(b, 120, 8),
                slice(b, 128, 8), slice(b, 136, 48), slice(b, 184, 48), slice(b, 232, 48), slice(b, 280, 48),
                List.of(slice(b, 328, 48), slice(b, 376, 48), slice(b, 424, 48), slice(b, 472, 48)), slice(b, 520, 64),
                v15 ? Optional.of(slice(b, 584, 16)) : Optional.empty(),
                v15 ? Optional.of(slice(b, 600, 48)) : Optional.empty());
    }

    /** TDATTRIBUTES as a little-endian u64. */
    public long tdAttributesValue() {
        return QuoteReader.u64(tdAttributes, 0);
    }

    /** XFAM as a little-endian u64. */
    public long xfamValue() {
        return QuoteReader.u64(xfam, 0);
    }

    /** Whether TDATTRIBUTES.DEBUG is set. */
    public boolean debug() {
        return (tdAttributesValue() & TD_DEBUG) != 0;
    }

    /** Whether this is a TD Report 1.5 body. */
    public boolean isV15() {
        return mrServiceTd.isPresent();
    }

    /** The body's bytes, TD 1.0 or 1.5 as parsed (the simulator builds bodies with this). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(isV15() ? SIZE_15 : SIZE_10);
        b.put(0, SgxReportBody.fit(teeTcbSvn, 16)).put(16, SgxReportBody.fit(mrSeam, 48))
                .put(64, SgxReportBody.fit(mrSignerSeam, 48)).put(112, SgxReportBody.fit(seamAttributes, 8))
                .put(120, SgxReportBody.fit(tdAttributes, 8)).put(128, SgxReportBody.fit(xfam, 8))
                .put(136, SgxReportBody.fit(mrTd, 48)).put(184, SgxReportBody.fit(mrConfigId, 48))
                .put(232, SgxReportBody.fit(mrOwner, 48)).put(280, SgxReportBody.fit(mrOwnerConfig, 48));
        if (rtmrs.size() != 4) {
            throw new IllegalArgumentException("a TD report has 4 RTMRs, got " + rtmrs.size());
        }
        for (int i = 0; i < 4; i++) {
            b.put(328 + 48 * i, SgxReportBody.fit(rtmrs.get(i), 48));
        }
        b.put(520, SgxReportBody.fit(reportData, 64));
        teeTcbSvn2.ifPresent(v -> b.put(584, SgxReportBody.fit(v, 16)));
        mrServiceTd.ifPresent(v -> b.put(600, SgxReportBody.fit(v, 48)));
        return b.array();
    }

    private static byte[] slice(byte[] b, int at, int length) {
        return Arrays.copyOfRange(b, at, at + length);
    }
}
