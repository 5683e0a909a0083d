package dev.trustplane.evidence.snp.internal;

/**
 * Every field of the 0x4A0-byte SEV-SNP ATTESTATION_REPORT, in order, with offset, length and the
 * first report version that defines it (SEV-SNP ABI spec #56860, "ATTESTATION_REPORT Structure").
 *
 * <p>The fields tile the report exactly (a unit test checks it). Reserved fields, and fields not yet
 * defined in a report's version, must be zero: the parser rejects anything else, which also makes
 * every accepted report re-encode byte-for-byte. Integers are little-endian.
 */
public enum ReportField {
    VERSION(0x000, 4),
    GUEST_SVN(0x004, 4),
    POLICY(0x008, 8),
    FAMILY_ID(0x010, 16),
    IMAGE_ID(0x020, 16),
    VMPL(0x030, 4),
    SIGNATURE_ALGO(0x034, 4),
    CURRENT_TCB(0x038, 8),
    PLATFORM_INFO(0x040, 8),
    SIGNER_INFO(0x048, 4),
    RESERVED_04C(0x04C, 4, Integer.MAX_VALUE),
    REPORT_DATA(0x050, 64),
    MEASUREMENT(0x090, 48),
    HOST_DATA(0x0C0, 32),
    ID_KEY_DIGEST(0x0E0, 48),
    AUTHOR_KEY_DIGEST(0x110, 48),
    REPORT_ID(0x140, 32),
    REPORT_ID_MA(0x160, 32),
    REPORTED_TCB(0x180, 8),
    CPUID_FAM_ID(0x188, 1, 3),
    CPUID_MOD_ID(0x189, 1, 3),
    CPUID_STEP(0x18A, 1, 3),
    RESERVED_18B(0x18B, 21, Integer.MAX_VALUE),
    CHIP_ID(0x1A0, 64),
    COMMITTED_TCB(0x1E0, 8),
    CURRENT_BUILD(0x1E8, 1),
    CURRENT_MINOR(0x1E9, 1),
    CURRENT_MAJOR(0x1EA, 1),
    RESERVED_1EB(0x1EB, 1, Integer.MAX_VALUE),
    COMMITTED_BUILD(0x1EC, 1),
    COMMITTED_MINOR(0x1ED, 1),
    COMMITTED_MAJOR(0x1EE, 1),
    RESERVED_1EF(0x1EF, 1, Integer.MAX_VALUE),
    LAUNCH_TCB(0x1F0, 8),
    LAUNCH_MIT_VECTOR(0x1F8, 8, 5),
    CURRENT_MIT_VECTOR(0x200, 8, 5),
    RESERVED_208(0x208, 0x98, Integer.MAX_VALUE),
    SIGNATURE_R(0x2A0, 72),
    SIGNATURE_S(0x2E8, 72),
    RESERVED_330(0x330, 0x170, Integer.MAX_VALUE);

    /** Size of a report. */
    public static final int REPORT_SIZE = 0x4A0;
    /** The signature covers bytes [0, SIGNED_LENGTH). */
    public static final int SIGNED_LENGTH = 0x2A0;

    private final int offset;
    private final int length;
    private final int minVersion;

    ReportField(int offset, int length) {
        this(offset, length, 2);
    }

    ReportField(int offset, int length, int minVersion) {
        this.offset = offset;
        this.length = length;
        this.minVersion = minVersion;
    }

    /** Byte offset in the report. */
    public int offset() {
        return offset;
    }

    /** Length in bytes. */
    public int length() {
        return length;
    }

    /** Whether a report of this version defines the field (otherwise it must be zero). */
    public boolean definedIn(int version) {
        return version >= minVersion;
    }

    /** Whether the field is reserved in every version. */
    public boolean reserved() {
        return minVersion == Integer.MAX_VALUE;
    }
}
