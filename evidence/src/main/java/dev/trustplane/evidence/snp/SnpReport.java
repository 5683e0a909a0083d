package dev.trustplane.evidence.snp;

import static dev.trustplane.evidence.snp.internal.ReportField.*;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.snp.internal.Le;
import dev.trustplane.evidence.snp.internal.ReportField;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An AMD SEV-SNP ATTESTATION_REPORT (versions 2, 3 and 5; exactly 0x4A0 bytes), parsed strictly.
 *
 * <p>Layout: {@link ReportField}. Version differences: v3 adds CPUID family/model/stepping at 0x188;
 * v5 adds the launch and current mitigation vectors at 0x1F8 and 0x200. In older versions those bytes
 * are reserved and must be zero. v4 (v3 layout, never seen in the wild) and unknown versions are
 * rejected as {@link ReasonCode#UNSUPPORTED_VERSION}.
 *
 * <p>Signature: ECDSA P-384 with SHA-384 over bytes 0x000-0x29F. R and S are stored at 0x2A0 and
 * 0x2E8 as 72-byte <em>little-endian</em> integers (only the low 48 bytes are used); see
 * {@link #signatureR()}. TCB values are kept raw because their byte layout depends on the CPU
 * generation ({@link TcbLayout}), which the report alone does not always reveal (v2).
 *
 * <p>Instances are immutable and hold a private copy of the validated bytes; accessors decode on
 * demand and return copies. {@link #parse} accepts exactly what {@link SnpReportBuilder} can produce,
 * so {@code parse(b).toBytes()} equals {@code b} for every accepted input.
 */
public final class SnpReport {
    private static final Set<Long> SUPPORTED_VERSIONS = Set.of(2L, 3L, 5L);
    private static final int SIGNATURE_ALGO_ECDSA_P384_SHA384 = 1;

    private final byte[] bytes;

    private SnpReport(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses and validates a report.
     *
     * @param data the report bytes (not retained; copied)
     * @return the report
     * @throws EvidenceFormatException with {@link ReasonCode#MALFORMED} (wrong size, non-zero
     *     reserved bytes, reserved signer-info values) or {@link ReasonCode#UNSUPPORTED_VERSION}
     *     (version, signature algorithm)
     */
    public static SnpReport parse(byte[] data) throws EvidenceFormatException {
        if (data == null) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "report", -1, "no bytes");
        }
        if (data.length != REPORT_SIZE) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "report", 0,
                    "size is " + data.length + " bytes, expected exactly " + REPORT_SIZE);
        }
        byte[] copy = data.clone();
        long version = Le.u32(copy, VERSION.offset());
        if (!SUPPORTED_VERSIONS.contains(version)) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, VERSION.name(), VERSION.offset(),
                    "version " + version + " is not one of 2, 3, 5");
        }
        long algo = Le.u32(copy, SIGNATURE_ALGO.offset());
        if (algo != SIGNATURE_ALGO_ECDSA_P384_SHA384) {
            throw new EvidenceFormatException(ReasonCode.UNSUPPORTED_VERSION, SIGNATURE_ALGO.name(),
                    SIGNATURE_ALGO.offset(), "algorithm " + algo + " (only 1 = ECDSA P-384/SHA-384 is defined)");
        }
        long signer = Le.u32(copy, SIGNER_INFO.offset());
        if ((signer >>> 5) != 0) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, SIGNER_INFO.name(), SIGNER_INFO.offset(),
                    "bits 31:5 must be zero, value 0x" + Long.toHexString(signer));
        }
        if (SigningKey.fromCode((int) (signer >>> 2) & 7).isEmpty()) {
            throw new EvidenceFormatException(ReasonCode.MALFORMED, "SIGNING_KEY", SIGNER_INFO.offset(),
                    "reserved value " + ((signer >>> 2) & 7));
        }
        for (ReportField f : ReportField.values()) {
            if (!f.definedIn((int) version) && !isZero(copy, f.offset(), f.length())) {
                throw new EvidenceFormatException(ReasonCode.MALFORMED, f.name(), f.offset(),
                        (f.reserved() ? "reserved" : "not defined in version " + version) + ", must be zero");
            }
        }
        return new SnpReport(copy);
    }

    private static boolean isZero(byte[] b, int off, int len) {
        int acc = 0;
        for (int i = off; i < off + len; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }

    /** The exact report bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The signed region, bytes 0x000-0x29F (a copy). */
    public byte[] signedBytes() {
        return Arrays.copyOf(bytes, SIGNED_LENGTH);
    }

    /** A builder initialised with every field of this report (for simulators and tests). */
    public SnpReportBuilder toBuilder() {
        return SnpReportBuilder.from(this);
    }

    /** VERSION: 2, 3 or 5. */
    public int version() {
        return (int) Le.u32(bytes, VERSION.offset());
    }

    /** GUEST_SVN (u32). */
    public long guestSvn() {
        return Le.u32(bytes, GUEST_SVN.offset());
    }

    /** POLICY. */
    public SnpPolicy policy() {
        return new SnpPolicy(Le.u64(bytes, POLICY.offset()));
    }

    /** FAMILY_ID (16 bytes, from the ID block). */
    public byte[] familyId() {
        return field(FAMILY_ID);
    }

    /** IMAGE_ID (16 bytes, from the ID block). */
    public byte[] imageId() {
        return field(IMAGE_ID);
    }

    /** VMPL of the requesting guest code (u32; 0-3 for guest requests). */
    public long vmpl() {
        return Le.u32(bytes, VMPL.offset());
    }

    /** SIGNATURE_ALGO: always 1 (ECDSA P-384 / SHA-384) in a parsed report. */
    public int signatureAlgo() {
        return (int) Le.u32(bytes, SIGNATURE_ALGO.offset());
    }

    /** CURRENT_TCB (also called PLATFORM_VERSION). */
    public TcbVersion currentTcb() {
        return tcb(CURRENT_TCB);
    }

    /** PLATFORM_INFO. */
    public PlatformInfo platformInfo() {
        return new PlatformInfo(Le.u64(bytes, PLATFORM_INFO.offset()));
    }

    /** Signer info bit 0 AUTHOR_KEY_EN: AUTHOR_KEY_DIGEST is present. */
    public boolean authorKeyEnabled() {
        return (signerInfo() & 1) != 0;
    }

    /** Signer info bit 1 MASK_CHIP_KEY. */
    public boolean maskChipKey() {
        return (signerInfo() & 2) != 0;
    }

    /** Signer info bits 4:2 SIGNING_KEY. */
    public SigningKey signingKey() {
        return SigningKey.fromCode((int) (signerInfo() >>> 2) & 7).orElseThrow();
    }

    /** The raw signer info word at 0x048. */
    public long signerInfo() {
        return Le.u32(bytes, SIGNER_INFO.offset());
    }

    /** REPORT_DATA (64 bytes, supplied by the guest: nonce or key binding). */
    public byte[] reportData() {
        return field(REPORT_DATA);
    }

    /** MEASUREMENT (48 bytes, the launch digest). */
    public byte[] measurement() {
        return field(MEASUREMENT);
    }

    /** HOST_DATA (32 bytes, supplied by the hypervisor at launch). */
    public byte[] hostData() {
        return field(HOST_DATA);
    }

    /** ID_KEY_DIGEST (48 bytes, SHA-384 of the ID key; zero without an ID block). */
    public byte[] idKeyDigest() {
        return field(ID_KEY_DIGEST);
    }

    /** AUTHOR_KEY_DIGEST (48 bytes). */
    public byte[] authorKeyDigest() {
        return field(AUTHOR_KEY_DIGEST);
    }

    /** REPORT_ID (32 bytes). */
    public byte[] reportId() {
        return field(REPORT_ID);
    }

    /** REPORT_ID_MA (32 bytes; all 0xFF without a migration agent). */
    public byte[] reportIdMa() {
        return field(REPORT_ID_MA);
    }

    /** REPORTED_TCB: the TCB whose VCEK/VLEK signed this report. */
    public TcbVersion reportedTcb() {
        return tcb(REPORTED_TCB);
    }

    /** CPUID family/model/stepping (v3+), empty for v2. */
    public Optional<CpuId> cpuid() {
        if (version() < 3) {
            return Optional.empty();
        }
        return Optional.of(new CpuId(u8(CPUID_FAM_ID), u8(CPUID_MOD_ID), u8(CPUID_STEP)));
    }

    /** The product line from CPUID (v3+), if recognised. */
    public Optional<SnpProduct> product() {
        return cpuid().flatMap(c -> SnpProduct.fromCpuid(c.family(), c.model()));
    }

    /** CHIP_ID (64 bytes; Turin uses only the first 8; zero when masked or VLEK-signed on AWS). */
    public byte[] chipId() {
        return field(CHIP_ID);
    }

    /** COMMITTED_TCB. */
    public TcbVersion committedTcb() {
        return tcb(COMMITTED_TCB);
    }

    /** CURRENT_MAJOR.CURRENT_MINOR.CURRENT_BUILD. */
    public FirmwareVersion currentFirmware() {
        return new FirmwareVersion(u8(CURRENT_MAJOR), u8(CURRENT_MINOR), u8(CURRENT_BUILD));
    }

    /** COMMITTED_MAJOR.COMMITTED_MINOR.COMMITTED_BUILD. */
    public FirmwareVersion committedFirmware() {
        return new FirmwareVersion(u8(COMMITTED_MAJOR), u8(COMMITTED_MINOR), u8(COMMITTED_BUILD));
    }

    /** LAUNCH_TCB. */
    public TcbVersion launchTcb() {
        return tcb(LAUNCH_TCB);
    }

    /** LAUNCH_MIT_VECTOR (v5), empty before. */
    public OptionalLong launchMitigationVector() {
        return version() >= 5 ? OptionalLong.of(Le.u64(bytes, LAUNCH_MIT_VECTOR.offset())) : OptionalLong.empty();
    }

    /** CURRENT_MIT_VECTOR (v5), empty before. */
    public OptionalLong currentMitigationVector() {
        return version() >= 5 ? OptionalLong.of(Le.u64(bytes, CURRENT_MIT_VECTOR.offset())) : OptionalLong.empty();
    }

    /** The raw 72-byte little-endian R field at 0x2A0. */
    public byte[] signatureRField() {
        return field(SIGNATURE_R);
    }

    /** The raw 72-byte little-endian S field at 0x2E8. */
    public byte[] signatureSField() {
        return field(SIGNATURE_S);
    }

    /** R as a non-negative integer (the 72-byte field read little-endian). */
    public BigInteger signatureR() {
        return littleEndian(SIGNATURE_R);
    }

    /** S as a non-negative integer (the 72-byte field read little-endian). */
    public BigInteger signatureS() {
        return littleEndian(SIGNATURE_S);
    }

    private BigInteger littleEndian(ReportField f) {
        byte[] be = new byte[f.length()];
        for (int i = 0; i < be.length; i++) {
            be[i] = bytes[f.offset() + f.length() - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private byte[] field(ReportField f) {
        return Arrays.copyOfRange(bytes, f.offset(), f.offset() + f.length());
    }

    private int u8(ReportField f) {
        return bytes[f.offset()] & 0xFF;
    }

    private TcbVersion tcb(ReportField f) {
        return new TcbVersion(Le.u64(bytes, f.offset()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnpReport other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SnpReport[v" + version() + ", vmpl " + vmpl() + ", " + signingKey() + "]";
    }
}
