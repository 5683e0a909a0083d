package dev.trustplane.evidence.azure;

import java.util.Optional;

/**
 * The hardware report embedded in an HCL report, identified by the IGVM report_type. The SNP
 * ATTESTATION_REPORT is 0x4A0 bytes with REPORT_DATA at 0x50; the TDX TDREPORT_STRUCT is 1024
 * bytes with REPORTDATA at 128 (inside REPORTMACSTRUCT) and is zero-padded to the 1184-byte slot.
 */
public enum HardwareReportType {
    SNP(2, 0x4A0, 0x50),
    TDX(4, 1024, 128);

    private final int igvmReportType;
    private final int length;
    private final int reportDataOffset;

    HardwareReportType(int igvmReportType, int length, int reportDataOffset) {
        this.igvmReportType = igvmReportType;
        this.length = length;
        this.reportDataOffset = reportDataOffset;
    }

    public int igvmReportType() {
        return igvmReportType;
    }

    /** Length of the report proper (SNP 1184, TDX 1024). */
    public int length() {
        return length;
    }

    /** Offset of the 64-byte report data within the report. */
    public int reportDataOffset() {
        return reportDataOffset;
    }

    static Optional<HardwareReportType> fromIgvm(long type) {
        for (HardwareReportType t : values()) {
            if (t.igvmReportType == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
