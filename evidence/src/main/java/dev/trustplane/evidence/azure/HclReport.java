package dev.trustplane.evidence.azure;

import java.util.Arrays;

/**
 * An Azure CVM HCL (paravisor) attestation report, as read from vTPM NV index 0x01400001. There is
 * no public specification; the layout below is the de-facto one (kinvolk/azure-cvm-tooling, Azure
 * confidential-computing-cvm-guest-attestation) checked against real reports. Little-endian:
 *
 * <pre>
 *    0  u32 signature "HCLA"      4  u32 version (1, 2)      8  u32 report_size
 *   12  u32 request_type (2)     16  u32 status (0)         20  12 reserved
 *   32  1184 hardware report: SNP ATTESTATION_REPORT (0x4A0) or TDX TDREPORT (1024) zero-padded
 * 1216  IGVM request data: u32 data_size, u32 version, u32 report_type (2 SNP, 4 TDX),
 *       u32 report_data_hash_type (1 SHA-256, 2 SHA-384, 3 SHA-512), u32 variable_data_size
 * 1236  variable data = runtime-data JSON (exact bytes)
 * </pre>
 *
 * Consistency enforced: report_size == 1236 + variable_data_size, data_size == 20 +
 * variable_data_size, and the report fits the buffer. The buffer itself is 2600 bytes (current)
 * or 2048 bytes (older); the bytes after report_size are padding and ignored. The hardware
 * report's own signature is <em>not</em> checked here (that is the SNP/TDX verifier's job).
 */
public record HclReport(
        int version,
        int reportSize,
        long requestType,
        long status,
        HardwareReportType hardwareReportType,
        byte[] hardwareReport,
        long igvmVersion,
        ReportDataHash reportDataHash,
        RuntimeData runtimeData) {

    public static final int HEADER_SIZE = 32;
    public static final int HW_REPORT_SLOT = 1184;
    public static final int IGVM_OFFSET = HEADER_SIZE + HW_REPORT_SLOT;
    public static final int IGVM_HEADER_SIZE = 20;
    public static final int VARIABLE_DATA_OFFSET = IGVM_OFFSET + IGVM_HEADER_SIZE;
    private static final long MAGIC = 0x414C4348L; // "HCLA" little-endian

    public HclReport {
        java.util.Objects.requireNonNull(hardwareReportType, "hardwareReportType");
        java.util.Objects.requireNonNull(runtimeData, "runtimeData");
        if (hardwareReport.length != hardwareReportType.length()) {
            throw new IllegalArgumentException("hardware report must be " + hardwareReportType.length() + " bytes");
        }
        hardwareReport = hardwareReport.clone();
    }

    public static HclReport parse(byte[] buffer) throws AzureFormatException {
        LeReader r = new LeReader(buffer.clone(), "HclReport");
        if (r.u32("signature") != MAGIC) {
            throw r.fail("signature", 0, "not \"HCLA\"");
        }
        long version = r.u32("version");
        if (version != 1 && version != 2) {
            throw r.fail("version", 4, "unsupported version " + version);
        }
        long reportSize = r.u32("report_size");
        long requestType = r.u32("request_type");
        long status = r.u32("status");
        r.seek(IGVM_OFFSET);
        long dataSize = r.u32("igvm.data_size");
        long igvmVersion = r.u32("igvm.version");
        long type = r.u32("igvm.report_type");
        HardwareReportType hwType = HardwareReportType.fromIgvm(type).orElseThrow(
                () -> r.fail("igvm.report_type", IGVM_OFFSET + 8, "unknown report type " + type));
        long hashType = r.u32("igvm.report_data_hash_type");
        ReportDataHash hash = ReportDataHash.fromId(hashType).orElseThrow(
                () -> r.fail("igvm.report_data_hash_type", IGVM_OFFSET + 12, "unknown hash type " + hashType));
        long varSize = r.u32("igvm.variable_data_size");
        if (reportSize != VARIABLE_DATA_OFFSET + varSize) {
            throw r.fail("report_size", 8, reportSize + " != " + VARIABLE_DATA_OFFSET + " + variable_data_size " + varSize);
        }
        if (reportSize > buffer.length) {
            throw r.fail("report_size", 8, reportSize + " exceeds the " + buffer.length + "-byte buffer");
        }
        if (dataSize != IGVM_HEADER_SIZE + varSize) {
            throw r.fail("igvm.data_size", IGVM_OFFSET, dataSize + " != 20 + variable_data_size " + varSize);
        }
        byte[] variable = r.bytes("igvm.variable_data", (int) varSize);
        byte[] hw = Arrays.copyOfRange(buffer, HEADER_SIZE, HEADER_SIZE + hwType.length());
        RuntimeData runtime = RuntimeData.parse(variable, VARIABLE_DATA_OFFSET);
        return new HclReport((int) version, (int) reportSize, requestType, status, hwType, hw, igvmVersion, hash, runtime);
    }

    /** The embedded report's 64-byte report data (SNP REPORT_DATA at 0x50, TDX REPORTDATA at 128). */
    public byte[] reportData() {
        int at = hardwareReportType.reportDataOffset();
        return Arrays.copyOfRange(hardwareReport, at, at + 64);
    }

    @Override
    public byte[] hardwareReport() {
        return hardwareReport.clone();
    }

    @Override
    public String toString() {
        return "HclReport[v" + version + ", size " + reportSize + ", " + hardwareReportType + ", " + reportDataHash
                + ", " + runtimeData + "]";
    }
}
