package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks that what a TEE interface returned is a complete report or quote carrying <em>our</em> report data:
 * the last line of defence against partial reads and against outputs of someone else's request. Offsets:
 * SNP ATTESTATION_REPORT REPORT_DATA at 0x50 (64 bytes); TDX quote v4 TD body at 48 with REPORTDATA at body
 * offset 520; v5 body type/size at 48, body at 54 (EVIDENCE-FORMATS §1.1, §2.2).
 */
final class ReportDataCheck {
    static final int SNP_REPORT_DATA = 0x50;
    private static final int TDX_HEADER = 48;
    private static final int TD_REPORTDATA = 520;
    private static final int TD10_BODY = 584;

    private ReportDataCheck() {}

    static void snp(byte[] report, byte[] expected, String field) throws EvidenceCollectionException {
        if (report.length != Evidence.Snp.REPORT_SIZE) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field, -1, "SNP report of " + report.length
                    + " bytes, expected " + Evidence.Snp.REPORT_SIZE);
        }
        compare(report, SNP_REPORT_DATA, expected, field, "REPORT_DATA");
    }

    static void tdx(byte[] quote, byte[] expected, String field) throws EvidenceCollectionException {
        if (quote.length < TDX_HEADER + 6) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field, -1, "TDX quote of " + quote.length
                    + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN);
        int version = Short.toUnsignedInt(b.getShort(0));
        int body;
        if (version == 4) {
            body = TDX_HEADER;
        } else if (version == 5) {
            int type = Short.toUnsignedInt(b.getShort(TDX_HEADER));
            if (type != 2 && type != 3) {
                throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field, TDX_HEADER,
                        "quote v5 body type " + type + " is not a TD report (2 or 3)");
            }
            body = TDX_HEADER + 6;
        } else {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field, 0,
                    "TDX quote version " + version + " is not 4 or 5");
        }
        if (quote.length < body + TD10_BODY) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field, body, "TD report body truncated: "
                    + quote.length + " bytes");
        }
        compare(quote, body + TD_REPORTDATA, expected, field, "REPORTDATA");
    }

    private static void compare(byte[] blob, int at, byte[] expected, String field, String name)
            throws EvidenceCollectionException {
        if (!MessageDigest.isEqual(Arrays.copyOfRange(blob, at, at + expected.length), expected)) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, field + "." + name, at,
                    "does not carry the requested report data (output of another request?)");
        }
    }
}
