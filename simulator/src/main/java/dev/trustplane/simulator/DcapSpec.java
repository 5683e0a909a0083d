package dev.trustplane.simulator;

import dev.trustplane.evidence.dcap.TcbStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DcapSimulator} should put in a TDX or SGX quote and its collateral. Every setter is
 * optional. Defaults: a TDX v4 quote (TD 1.0 body) from a platform with FMSPC 50806f000000, CPUSVN
 * 07 07 02 02 03 01 00 03 …, PCESVN 13, a TDX 1.5 module (TEE_TCB_SVN 05 01 07 …), TDATTRIBUTES
 * 0x10000000 (SEPT_VE_DISABLE, no debug), XFAM 0x61ae7, MRTD and RTMR0–2 derived from the seed; or an
 * SGX v3 quote (FMSPC 00606a000000) of a non-debug enclave (ATTRIBUTES 0x05/0xe7) with MRENCLAVE and
 * MRSIGNER derived from the seed. REPORTDATA is zero. QEs carry Intel's real QE MRSIGNERs and product
 * IDs. Collateral says UpToDate, issued {@link SimulatedIntel#DEFAULT_NOT_BEFORE}, next update ten years
 * later (simulated flows should not expire; set {@link #collateralValidity} for realistic windows).
 * Mutable, not thread-safe.
 */
public final class DcapSpec {
    /** Which TEE. */
    public enum Tee { TDX, SGX }

    static final HexFormat HEX = HexFormat.of();

    Tee tee = Tee.TDX;
    int version;
    boolean td15;
    byte[] reportData = new byte[64];
    boolean debug;
    byte[] fmspc;
    byte[] cpuSvn = HEX.parseHex("07070202030100030000000000000000");
    int pceSvn = 13;
    int sgxType = 1;
    byte[] ppid;
    Integer qeSvn;
    // TDX
    byte[] teeTcbSvn = HEX.parseHex("05010700000000000000000000000000");
    byte[] mrTd;
    byte[][] rtmrs;
    byte[] mrConfigId = new byte[48];
    byte[] mrOwner = new byte[48];
    byte[] mrOwnerConfig = new byte[48];
    byte[] mrSeam;
    long xfam = 0x61ae7L;
    // SGX
    byte[] mrEnclave;
    byte[] mrSigner;
    int isvProdId;
    int isvSvn;
    byte[] configId = new byte[64];
    // collateral
    TcbStatus tcbStatus = TcbStatus.UP_TO_DATE;
    List<String> advisoryIds = List.of();
    Instant issued = SimulatedIntel.DEFAULT_NOT_BEFORE;
    Instant nextUpdate = SimulatedIntel.DEFAULT_NOT_BEFORE.plusSeconds(3650L * 86400);
    boolean revokePck;

    /** A TDX quote spec with the defaults. */
    public static DcapSpec tdx() {
        return new DcapSpec();
    }

    /** An SGX quote spec with the defaults. */
    public static DcapSpec sgx() {
        DcapSpec s = new DcapSpec();
        s.tee = Tee.SGX;
        return s;
    }

    /**
     * Quote version: TDX 4 (default) or 5; SGX 3 (default), 4 or 5.
     *
     * @param td15 for TDX v5: a TD Report 1.5 body (TEE_TCB_SVN_2, MRSERVICETD) instead of 1.0
     */
    public DcapSpec version(int v, boolean td15) {
        boolean ok = tee == Tee.TDX ? v == 4 || v == 5 : v >= 3 && v <= 5;
        if (!ok || td15 && (tee != Tee.TDX || v != 5)) {
            throw new IllegalArgumentException("quote version " + v + (td15 ? " with a TD 1.5 body" : "")
                    + " does not exist for " + tee);
        }
        version = v;
        this.td15 = td15;
        return this;
    }

    /** REPORTDATA, up to 64 bytes, zero-padded (a nonce or key hash). */
    public DcapSpec reportData(byte[] data) {
        reportData = fit(data, 64, "REPORTDATA");
        return this;
    }

    /** Set the DEBUG attribute (TDATTRIBUTES bit 0, or SGX ATTRIBUTES.DEBUG). */
    public DcapSpec debug(boolean on) {
        debug = on;
        return this;
    }

    /** The platform's FMSPC (6 bytes). */
    public DcapSpec fmspc(byte[] value) {
        fmspc = exact(value, 6, "FMSPC");
        return this;
    }

    /** The platform's CPUSVN (16 component SVNs) and PCE SVN, as its PCK certificate states them. */
    public DcapSpec platformTcb(byte[] cpuSvn, int pceSvn) {
        this.cpuSvn = exact(cpuSvn, 16, "CPUSVN");
        this.pceSvn = pceSvn;
        return this;
    }

    /** The QE's ISVSVN (default 4 for the TD QE, 8 for the SGX QE). */
    public DcapSpec qeSvn(int svn) {
        qeSvn = svn;
        return this;
    }

    /** TEE_TCB_SVN (16 bytes; byte 0 module SVN, byte 1 module major version). TDX only. */
    public DcapSpec teeTcbSvn(byte[] value) {
        teeTcbSvn = exact(value, 16, "TEE_TCB_SVN");
        return this;
    }

    /** MRTD (48 bytes). TDX only. */
    public DcapSpec mrTd(byte[] value) {
        mrTd = exact(value, 48, "MRTD");
        return this;
    }

    /** RTMR{@code index} (48 bytes). TDX only. */
    public DcapSpec rtmr(int index, byte[] value) {
        Objects.checkIndex(index, 4);
        if (rtmrs == null) {
            rtmrs = new byte[4][];
        }
        rtmrs[index] = exact(value, 48, "RTMR" + index);
        return this;
    }

    /** RTMR0..3 as {@code log} replays them, so that the quote verifies together with that CC event log. TDX only. */
    public DcapSpec eventLog(dev.trustplane.evidence.dcap.CcEventLog log) {
        List<byte[]> replayed = log.replay();
        for (int i = 0; i < replayed.size(); i++) {
            rtmr(i, replayed.get(i));
        }
        return this;
    }

    /** MRCONFIGID, MROWNER, MROWNERCONFIG (48 bytes each, zero-padded). TDX only. */
    public DcapSpec owner(byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig) {
        this.mrConfigId = fit(mrConfigId, 48, "MRCONFIGID");
        this.mrOwner = fit(mrOwner, 48, "MROWNER");
        this.mrOwnerConfig = fit(mrOwnerConfig, 48, "MROWNERCONFIG");
        return this;
    }

    /** MRENCLAVE and MRSIGNER (32 bytes each; null keeps the derived default), ISVPRODID, ISVSVN. SGX only. */
    public DcapSpec enclave(byte[] mrEnclave, byte[] mrSigner, int isvProdId, int isvSvn) {
        this.mrEnclave = mrEnclave == null ? null : exact(mrEnclave, 32, "MRENCLAVE");
        this.mrSigner = mrSigner == null ? null : exact(mrSigner, 32, "MRSIGNER");
        this.isvProdId = isvProdId;
        this.isvSvn = isvSvn;
        return this;
    }

    /** CONFIGID (64 bytes, zero-padded): what the enclave's launcher bound, e.g. SHA-256 of init-time data. SGX only. */
    public DcapSpec configId(byte[] value) {
        this.configId = fit(value, 64, "CONFIGID");
        return this;
    }

    /** The TCB status (and advisories) the simulated TCB Info gives this platform's level. */
    public DcapSpec tcbStatus(TcbStatus status, String... advisories) {
        tcbStatus = Objects.requireNonNull(status);
        advisoryIds = List.of(advisories);
        return this;
    }

    /** Issue and next-update times of the simulated TCB Info, QE Identity and CRLs. */
    public DcapSpec collateralValidity(Instant issued, Instant nextUpdate) {
        if (!nextUpdate.isAfter(issued)) {
            throw new IllegalArgumentException("nextUpdate must be after the issue time");
        }
        this.issued = issued;
        this.nextUpdate = nextUpdate;
        return this;
    }

    /** List the platform's PCK certificate on the simulated PCK CRL. */
    public DcapSpec revokePck(boolean on) {
        revokePck = on;
        return this;
    }

    /** The TEE of this spec. */
    public Tee tee() {
        return tee;
    }

    static byte[] fit(byte[] value, int length, String field) {
        if (value.length > length) {
            throw new IllegalArgumentException(field + " takes at most " + length + " bytes, got " + value.length);
        }
        return Arrays.copyOf(value, length);
    }

    static byte[] exact(byte[] value, int length, String field) {
        if (value.length != length) {
            throw new IllegalArgumentException(field + " takes " + length + " bytes, got " + value.length);
        }
        return value.clone();
    }
}
