package dev.trustplane.evidence.snp;

/**
 * SEV firmware version as major.minor.build (CURRENT_* at 0x1E8, COMMITTED_* at 0x1EC; stored as
 * build, minor, major).
 *
 * @param major major version
 * @param minor minor version
 * @param build build number
 */
public record FirmwareVersion(int major, int minor, int build) {
    /** Validates the byte ranges. */
    public FirmwareVersion {
        if ((major | minor | build) >>> 8 != 0) {
            throw new IllegalArgumentException("firmware version parts are single bytes");
        }
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
