package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * The byte layouts of the {@code /dev/sev-guest} ioctls ({@code include/uapi/linux/sev-guest.h}, x86-64,
 * little-endian, natural alignment) and the mapping of their failures. Pure functions over byte arrays, so
 * every layout and error path is testable without the device; {@link SevGuestDevice} only moves these
 * bytes through {@code ioctl(2)}.
 *
 * <pre>
 * snp_guest_request_ioctl (32): u8 msg_version @0 (must be non-zero) | u64 req_data @8 | u64 resp_data @16
 *                               | u64 exitinfo2 @24 = u32 fw_error (low) + u32 vmm_error (high)
 * snp_report_req (96):          u8 user_data[64] @0 | u32 vmpl @64 | u8 rsvd[28] @68
 * snp_ext_report_req (112):     snp_report_req @0 | u64 certs_address @96 | u32 certs_len @104 | pad to 112
 * snp_report_resp (4000):       MSG_REPORT_RSP: u32 status @0 | u32 report_size @4 | rsvd | report @0x20
 * </pre>
 * Request numbers are {@code _IOWR('S', nr, struct snp_guest_request_ioctl)}: dir 3 in bits 30-31, size 32 in
 * bits 16-29, type 'S' (0x53) in bits 8-15, nr in bits 0-7.
 */
final class SevGuestAbi {
    static final int GUEST_REQUEST_SIZE = 32;
    static final int REPORT_REQ_SIZE = 96;
    static final int EXT_REPORT_REQ_SIZE = 112;
    static final int REPORT_RESP_SIZE = 4000;
    static final int CERTS_ADDRESS_OFFSET = 96;
    static final int CERTS_LEN_OFFSET = 104;
    static final int REPORT_OFFSET = 0x20;
    static final int PAGE = 4096;
    /** Largest certificate buffer we allocate when the host asks for more (the kernel caps at 16 KiB). */
    static final int MAX_CERTS_LEN = 64 * 1024;

    static final long SNP_GET_REPORT = iowr('S', 0, GUEST_REQUEST_SIZE);
    static final long SNP_GET_DERIVED_KEY = iowr('S', 1, GUEST_REQUEST_SIZE);
    static final long SNP_GET_EXT_REPORT = iowr('S', 2, GUEST_REQUEST_SIZE);

    /** vmm_error: the certificate buffer is too small; the needed length was written to certs_len. */
    static final int VMM_ERR_INVALID_LEN = 1;
    /** vmm_error: the host was busy (the kernel retries for 60 s before giving up). */
    static final int VMM_ERR_BUSY = 2;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int ETIMEDOUT = 110;

    /** SEV-SNP firmware status codes (SNP firmware ABI, "Status Codes") that a guest request can return. */
    private static final Map<Integer, String> FIRMWARE_STATUS = Map.ofEntries(
            Map.entry(0x01, "INVALID_PLATFORM_STATE"), Map.entry(0x02, "INVALID_GUEST_STATE"),
            Map.entry(0x03, "INVALID_CONFIG"), Map.entry(0x04, "INVALID_LEN"), Map.entry(0x07, "POLICY_FAILURE"),
            Map.entry(0x09, "INVALID_ADDRESS"), Map.entry(0x10, "INVALID_GUEST"), Map.entry(0x11, "INVALID_COMMAND"),
            Map.entry(0x13, "HWERROR_PLATFORM"), Map.entry(0x14, "HWERROR_UNSAFE"), Map.entry(0x15, "UNSUPPORTED"),
            Map.entry(0x16, "INVALID_PARAM"), Map.entry(0x17, "RESOURCE_LIMIT"), Map.entry(0x18, "SECURE_DATA_INVALID"),
            Map.entry(0x1D, "AEAD_OFLOW"), Map.entry(0x27, "INVALID_KEY"));

    private SevGuestAbi() {}

    static long iowr(char type, int nr, int size) {
        return (3L << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }

    static byte[] reportReq(byte[] userData, int vmpl) {
        if (userData.length != 64) {
            throw new IllegalArgumentException("user data is 64 bytes");
        }
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("VMPL must be 0..3");
        }
        return le(REPORT_REQ_SIZE).put(userData).putInt(64, vmpl).array();
    }

    static byte[] extReportReq(byte[] userData, int vmpl, long certsAddress, int certsLen) {
        ByteBuffer b = le(EXT_REPORT_REQ_SIZE).put(reportReq(userData, vmpl));
        return b.putLong(CERTS_ADDRESS_OFFSET, certsAddress).putInt(CERTS_LEN_OFFSET, certsLen).array();
    }

    /** certs_len as the kernel wrote it back into an extended request. */
    static long certsLen(byte[] extReportReq) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(extReportReq).order(ByteOrder.LITTLE_ENDIAN).getInt(CERTS_LEN_OFFSET));
    }

    static byte[] guestRequest(long reqAddress, long respAddress) {
        ByteBuffer b = le(GUEST_REQUEST_SIZE);
        b.put(0, (byte) 1);
        return b.putLong(8, reqAddress).putLong(16, respAddress).array();
    }

    static long exitInfo2(byte[] guestRequest) {
        return ByteBuffer.wrap(guestRequest).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
    }

    static int fwError(long exitInfo2) {
        return (int) exitInfo2;
    }

    static int vmmError(long exitInfo2) {
        return (int) (exitInfo2 >>> 32);
    }

    /** The needed certificate length the host asked for, checked before we allocate it. */
    static int checkedCertsLen(long requested) throws EvidenceCollectionException {
        if (requested == 0 || requested % PAGE != 0 || requested > MAX_CERTS_LEN) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "certs_len", CERTS_LEN_OFFSET,
                    "host asked for a " + requested + "-byte certificate buffer (must be a non-zero multiple of "
                            + PAGE + ", at most " + MAX_CERTS_LEN + ")");
        }
        return (int) requested;
    }

    /** The report out of MSG_REPORT_RSP, after checking status and size. */
    static byte[] reportFromResponse(byte[] resp) throws EvidenceCollectionException {
        if (resp.length != REPORT_RESP_SIZE) {
            throw new IllegalArgumentException("snp_report_resp is " + REPORT_RESP_SIZE + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(resp).order(ByteOrder.LITTLE_ENDIAN);
        int status = b.getInt(0);
        if (status != 0) {
            throw new EvidenceCollectionException(Failure.DEVICE_ERROR, "MSG_REPORT_RSP.status", 0,
                    "firmware status " + firmwareStatus(status));
        }
        long size = Integer.toUnsignedLong(b.getInt(4));
        if (size != Evidence.Snp.REPORT_SIZE) {
            throw new EvidenceCollectionException(Failure.MALFORMED_OUTPUT, "MSG_REPORT_RSP.report_size", 4,
                    size + " bytes, expected " + Evidence.Snp.REPORT_SIZE);
        }
        return Arrays.copyOfRange(resp, REPORT_OFFSET, REPORT_OFFSET + Evidence.Snp.REPORT_SIZE);
    }

    static String firmwareStatus(int status) {
        return String.format("0x%02X", status) + " (" + FIRMWARE_STATUS.getOrDefault(status, "unknown") + ")";
    }

    /**
     * The exception for a failed ioctl. {@code exitInfo2} is what the kernel copied back: the firmware error in
     * the low half and the hypervisor's in the high half, 0xff / all-ones when no request reached the firmware.
     */
    static EvidenceCollectionException ioctlFailure(String device, String request, int errno, long exitInfo2) {
        int fw = fwError(exitInfo2);
        int vmm = vmmError(exitInfo2);
        String detail = fw == 0xFF || fw == -1 ? "no firmware response"
                : "firmware " + firmwareStatus(fw) + ", hypervisor error " + vmm;
        String where = device + " " + request;
        return switch (errno) {
            case ENOTTY -> new EvidenceCollectionException(Failure.DEVICE_ERROR, where + " refused (ENOTTY): not an "
                    + "sev-guest device, or the VMPCK was disabled after an earlier failed request (reboot needed)");
            case EACCES, EPERM -> new EvidenceCollectionException(Failure.ACCESS_DENIED, where + ": permission denied");
            case EINVAL -> new EvidenceCollectionException(Failure.DEVICE_ERROR, where + " rejected its parameters "
                    + "(EINVAL; " + detail + ")");
            case ETIMEDOUT -> new EvidenceCollectionException(Failure.DEVICE_ERROR, where + " timed out: the host stayed "
                    + "busy (ETIMEDOUT; " + detail + ")");
            case EIO -> new EvidenceCollectionException(Failure.DEVICE_ERROR, where + " failed (EIO; " + detail
                    + (vmm == VMM_ERR_BUSY ? ", host busy" : "") + ")");
            default -> new EvidenceCollectionException(Failure.DEVICE_ERROR, where + " failed (errno " + errno + "; "
                    + detail + ")");
        };
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
