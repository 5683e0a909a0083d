package dev.trustplane.simulator;

import dev.trustplane.evidence.snp.CpuId;
import dev.trustplane.evidence.snp.FirmwareVersion;
import dev.trustplane.evidence.snp.SnpProduct;
import dev.trustplane.evidence.snp.SnpReportBuilder;
import dev.trustplane.evidence.snp.TcbVersion;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link SnpSimulator} should put in a report. Every setter is optional; unset fields take the
 * defaults of a realistic Genoa guest on Azure-like firmware: report version 3, POLICY 0x3001F
 * (ABI 0.31, SMT allowed, debug off), VMPL 0, guest SVN 0, TCB bl 10 / tee 0 / snp 23 / ucode 84
 * (Genoa), bl 4 / tee 0 / snp 24 / ucode 219 (Milan), fmc 1 / bl 1 / tee 1 / snp 4 / ucode 81 (Turin),
 * the simulated chip of {@link SimulatedRoots#defaultChipId}, a measurement and report id derived
 * from the seed, zero REPORT_DATA and HOST_DATA, REPORT_ID_MA all 0xFF (no migration agent).
 * CURRENT, COMMITTED and LAUNCH TCB default to the reported TCB.
 *
 * <p>Fields without a setter can be written with {@link #customize}, which runs on the
 * {@link SnpReportBuilder} after the defaults and before signing. Mutable, not thread-safe.
 */
public final class SnpSpec {
    SnpProduct product = SnpProduct.GENOA;
    int version = 3;
    byte[] measurement;
    byte[] reportData = new byte[64];
    byte[] hostData = new byte[32];
    Long policy;
    boolean debug;
    long guestSvn;
    long vmpl;
    TcbVersion reportedTcb;
    int[] tcbParts;
    TcbVersion currentTcb;
    TcbVersion committedTcb;
    TcbVersion launchTcb;
    byte[] chipId;
    byte[] familyId = new byte[16];
    byte[] imageId = new byte[16];
    byte[] idKeyDigest = new byte[48];
    byte[] authorKeyDigest = new byte[48];
    CpuId cpuid;
    FirmwareVersion firmware;
    Long platformInfo;
    Consumer<SnpReportBuilder> customizer = b -> {};

    /** The product line (default Genoa); decides CPUID, TCB layout and which roots sign. */
    public SnpSpec product(SnpProduct p) {
        product = Objects.requireNonNull(p);
        return this;
    }

    /** Report version: 2, 3 or 5 (default 3). */
    public SnpSpec version(int v) {
        if (v != 2 && v != 3 && v != 5) {
            throw new IllegalArgumentException("report version must be 2, 3 or 5, got " + v);
        }
        version = v;
        return this;
    }

    /** MEASUREMENT, 48 bytes. */
    public SnpSpec measurement(byte[] v) {
        measurement = exact(v, 48, "measurement");
        return this;
    }

    /** REPORT_DATA: up to 64 bytes, zero-padded. */
    public SnpSpec reportData(byte[] v) {
        reportData = padded(v, 64, "report data");
        return this;
    }

    /** HOST_DATA: up to 32 bytes, zero-padded. */
    public SnpSpec hostData(byte[] v) {
        hostData = padded(v, 32, "host data");
        return this;
    }

    /** The raw POLICY u64 (default 0x3001F); {@link #debug} is OR-ed in afterwards. */
    public SnpSpec policy(long v) {
        policy = v;
        return this;
    }

    /** Sets POLICY bit 19 (DEBUG allowed). */
    public SnpSpec debug(boolean v) {
        debug = v;
        return this;
    }

    /** GUEST_SVN (u32). */
    public SnpSpec guestSvn(long v) {
        guestSvn = v;
        return this;
    }

    /** VMPL, 0..3. */
    public SnpSpec vmpl(long v) {
        if (v < 0 || v > 3) {
            throw new IllegalArgumentException("VMPL must be 0..3, got " + v);
        }
        vmpl = v;
        return this;
    }

    /** REPORTED_TCB (the VCEK is issued for it); CURRENT/COMMITTED/LAUNCH default to it. */
    public SnpSpec reportedTcb(TcbVersion v) {
        reportedTcb = v;
        tcbParts = null;
        return this;
    }

    /** REPORTED_TCB from components, encoded with the product's layout when generating (fmc: Turin only, else 0). */
    public SnpSpec tcb(int bootLoader, int tee, int snp, int microcode, int fmc) {
        tcbParts = new int[] {bootLoader, tee, snp, microcode, fmc};
        reportedTcb = null;
        return this;
    }

    /** CURRENT_TCB. */
    public SnpSpec currentTcb(TcbVersion v) {
        currentTcb = v;
        return this;
    }

    /** COMMITTED_TCB. */
    public SnpSpec committedTcb(TcbVersion v) {
        committedTcb = v;
        return this;
    }

    /** LAUNCH_TCB. */
    public SnpSpec launchTcb(TcbVersion v) {
        launchTcb = v;
        return this;
    }

    /** CHIP_ID: 64 bytes, or 8 on Turin. The VCEK is issued for this chip. */
    public SnpSpec chipId(byte[] v) {
        if (v.length != 64 && v.length != 8) {
            throw new IllegalArgumentException("chip id takes 64 bytes (or 8 on Turin), got " + v.length);
        }
        chipId = v.clone();
        return this;
    }

    /** FAMILY_ID, 16 bytes. */
    public SnpSpec familyId(byte[] v) {
        familyId = exact(v, 16, "family id");
        return this;
    }

    /** IMAGE_ID, 16 bytes. */
    public SnpSpec imageId(byte[] v) {
        imageId = exact(v, 16, "image id");
        return this;
    }

    /** ID_KEY_DIGEST, 48 bytes. */
    public SnpSpec idKeyDigest(byte[] v) {
        idKeyDigest = exact(v, 48, "id key digest");
        return this;
    }

    /** AUTHOR_KEY_DIGEST, 48 bytes. */
    public SnpSpec authorKeyDigest(byte[] v) {
        authorKeyDigest = exact(v, 48, "author key digest");
        return this;
    }

    /** CPUID family/model/stepping (v3+; default: the product's). */
    public SnpSpec cpuid(CpuId v) {
        cpuid = v;
        return this;
    }

    /** CURRENT and COMMITTED firmware version. */
    public SnpSpec firmware(FirmwareVersion v) {
        firmware = v;
        return this;
    }

    /** PLATFORM_INFO raw u64. */
    public SnpSpec platformInfo(long v) {
        platformInfo = v;
        return this;
    }

    /** Any further change to the encoder, applied after the defaults and before signing. */
    public SnpSpec customize(Consumer<SnpReportBuilder> c) {
        customizer = customizer.andThen(c);
        return this;
    }

    private static byte[] exact(byte[] v, int length, String name) {
        if (v.length != length) {
            throw new IllegalArgumentException(name + " takes " + length + " bytes, got " + v.length);
        }
        return v.clone();
    }

    private static byte[] padded(byte[] v, int length, String name) {
        if (v.length > length) {
            throw new IllegalArgumentException(name + " takes at most " + length + " bytes, got " + v.length);
        }
        return java.util.Arrays.copyOf(v, length);
    }
}
