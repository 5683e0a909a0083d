package dev.trustplane.simulator.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes an Azure HCL (paravisor) attestation report around an SNP report, little-endian, in the
 * de-facto layout the evidence module's {@code HclReport} parser reads:
 *
 * <pre>
 *    0  "HCLA" | u32 version | u32 report_size | u32 request_type 2 | u32 status 0 | 12 reserved
 *   32  SNP ATTESTATION_REPORT (1184 bytes)
 * 1216  u32 data_size (20 + n) | u32 version 1 | u32 report_type 2 (SNP) | u32 hash_type 1 (SHA-256) | u32 n
 * 1236  n bytes of runtime-data JSON
 * </pre>
 * report_size = 1236 + n. The result is zero-padded to the 2600-byte buffer the vTPM NV index
 * holds (when the runtime data fits; otherwise it ends at report_size).
 */
public final class HclReportEncoder {
    /** Size of the vTPM NV buffer holding the report on current Azure hosts. */
    public static final int BUFFER_SIZE = 2600;
    private static final int VARIABLE_DATA_OFFSET = 1236;

    private HclReportEncoder() {}

    /** The HCL report bytes for an SNP report and its runtime data. */
    public static byte[] encode(int version, byte[] snpReport, byte[] runtimeData) {
        if (snpReport.length != 1184) {
            throw new IllegalArgumentException("an SNP report has 1184 bytes, got " + snpReport.length);
        }
        int reportSize = VARIABLE_DATA_OFFSET + runtimeData.length;
        ByteBuffer b = ByteBuffer.allocate(Math.max(BUFFER_SIZE, reportSize)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x414C4348).putInt(version).putInt(reportSize).putInt(2).putInt(0);
        b.position(32);
        b.put(snpReport);
        b.putInt(20 + runtimeData.length).putInt(1).putInt(2).putInt(1).putInt(runtimeData.length);
        b.put(runtimeData);
        return b.array();
    }
}
