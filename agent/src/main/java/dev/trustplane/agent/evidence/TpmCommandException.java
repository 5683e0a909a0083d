package dev.trustplane.agent.evidence;

/**
 * A TPM answered a command with a non-zero response code. Internal to the vTPM path, which turns it into an
 * {@link EvidenceCollectionException} naming the command and the decoded code.
 */
final class TpmCommandException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Format-one base code for "the handle is not correct for the use" (e.g. an undefined NV index). */
    static final int RC_HANDLE = 0x08B;
    /** NV index already defined. */
    static final int RC_NV_DEFINED = 0x14C;
    /** NV index defined but never written. */
    static final int RC_NV_UNINITIALIZED = 0x14A;

    private final String command;
    private final int rc;

    TpmCommandException(String command, int rc) {
        super(command + " failed with TPM response code " + describe(rc), null, false, false);
        this.command = command;
        this.rc = rc;
    }

    String command() {
        return command;
    }

    int rc() {
        return rc;
    }

    /**
     * The code without the handle/parameter/session number: format-one codes (bit 7 set) keep bit 7 and the
     * error number in bits 0-5; format-zero codes are returned unchanged.
     */
    int baseCode() {
        return (rc & 0x80) != 0 ? 0x80 | (rc & 0x3F) : rc;
    }

    static String describe(int rc) {
        String hex = String.format("0x%03X", rc);
        if ((rc & 0x80) == 0) {
            return hex;
        }
        int n = (rc >>> 8) & 0x7;
        String where = (rc & 0x40) != 0 ? "parameter " + ((rc >>> 8) & 0xF) : (rc & 0x800) != 0 ? "session " + n : "handle " + n;
        return hex + " (error " + String.format("0x%03X", 0x80 | (rc & 0x3F)) + " at " + where + ")";
    }
}
