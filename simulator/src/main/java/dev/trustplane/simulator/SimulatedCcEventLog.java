package dev.trustplane.simulator;

import dev.trustplane.evidence.dcap.CcEventLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CC event log shaped like a TD's boot (TD firmware → RTMR0, boot loader and kernel → RTMR1, kernel
 * command line → RTMR2), written in the TCG crypto-agile format with SHA-384 digests. Digests are
 * SHA-384 of labels derived from a seed, so logs are reproducible; {@link DcapSpec#eventLog} puts the
 * RTMRs its replay gives into a simulated quote.
 */
public final class SimulatedCcEventLog {
    private static final long EV_SEPARATOR = 4;
    private static final long EV_IPL = 0xD;
    private static final long EV_EFI_PLATFORM_FIRMWARE_BLOB2 = 0x8000000AL;
    private static final long EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001L;
    private static final long EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003L;

    private SimulatedCcEventLog() {}

    /**
     * A boot log: firmware volume and Secure Boot configuration into RTMR0, separators into RTMR0 and
     * RTMR1, boot loader and kernel into RTMR1, {@code cmdline} into RTMR2 (as its EV_IPL data).
     */
    public static CcEventLog boot(String seed, String cmdline) {
        List<CcEventLog.Event> events = new ArrayList<>();
        events.add(measure(0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, seed + "/firmware", "TDVF"));
        events.add(measure(0, EV_EFI_VARIABLE_DRIVER_CONFIG, seed + "/SecureBoot", "SecureBoot"));
        byte[] separator = sha384(new byte[4]);
        events.add(CcEventLog.Event.sha384(0, EV_SEPARATOR, separator, new byte[4]));
        events.add(CcEventLog.Event.sha384(1, EV_SEPARATOR, separator, new byte[4]));
        events.add(measure(1, EV_EFI_BOOT_SERVICES_APPLICATION, seed + "/shim", "shim"));
        events.add(measure(1, EV_EFI_BOOT_SERVICES_APPLICATION, seed + "/kernel", "kernel"));
        byte[] line = cmdline.getBytes(StandardCharsets.UTF_8);
        events.add(CcEventLog.Event.sha384(2, EV_IPL, sha384(line), line));
        return new CcEventLog(List.of(new CcEventLog.Algorithm(CcEventLog.SHA384, CcEventLog.RTMR_SIZE)), events, 0);
    }

    private static CcEventLog.Event measure(int rtmr, long type, String label, String data) {
        return CcEventLog.Event.sha384(rtmr, type, sha384(label.getBytes(StandardCharsets.UTF_8)),
                data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha384(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
    }
}
