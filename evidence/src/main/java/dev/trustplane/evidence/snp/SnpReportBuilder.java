package dev.trustplane.evidence.snp;

import static dev.trustplane.evidence.snp.internal.ReportField.*;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.snp.internal.Le;
import dev.trustplane.evidence.snp.internal.ReportField;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Encodes SEV-SNP reports byte-exactly: the encoder behind simulators and tests.
 *
 * <p>Each setter writes its field at the offset given by {@link ReportField}; {@link #build()}
 * validates the result with the same rules as {@link SnpReport#parse}, so a builder cannot produce a
 * report the parser would reject. Typical simulator use: set the fields, sign {@link #signedBytes()}
 * with the VCEK private key, store the signature with {@link #signature}, then build.
 *
 * <p>Setters throw {@link IllegalArgumentException} for wrong field lengths (programming errors);
 * the builder is not a parser of untrusted input. Not thread-safe.
 */
public final class SnpReportBuilder {
    private final byte[] bytes = new byte[REPORT_SIZE];

    private SnpReportBuilder() {}

    /**
     * A builder for a report of the given version with SIGNATURE_ALGO 1, policy bit 17 set (the
     * reserved bit that must be one) and every other field zero.
     */
    public static SnpReportBuilder create(int version) {
        SnpReportBuilder b = new SnpReportBuilder();
        Le.putU32(b.bytes, VERSION.offset(), version);
        Le.putU32(b.bytes, SIGNATURE_ALGO.offset(), 1);
        Le.putU64(b.bytes, POLICY.offset(), 1L << 17);
        return b;
    }

    /** A builder holding every field of {@code report}, re-encoded field by field. */
    public static SnpReportBuilder from(SnpReport report) {
        SnpReportBuilder b = create(report.version())
                .guestSvn(report.guestSvn())
                .policy(report.policy().raw())
                .familyId(report.familyId())
                .imageId(report.imageId())
                .vmpl(report.vmpl())
                .currentTcb(report.currentTcb())
                .platformInfo(report.platformInfo().raw())
                .signer(report.authorKeyEnabled(), report.maskChipKey(), report.signingKey())
                .reportData(report.reportData())
                .measurement(report.measurement())
                .hostData(report.hostData())
                .idKeyDigest(report.idKeyDigest())
                .authorKeyDigest(report.authorKeyDigest())
                .reportId(report.reportId())
                .reportIdMa(report.reportIdMa())
                .reportedTcb(report.reportedTcb())
                .chipId(report.chipId())
                .committedTcb(report.committedTcb())
                .currentFirmware(report.currentFirmware())
                .committedFirmware(report.committedFirmware())
                .launchTcb(report.launchTcb())
                .signatureFields(report.signatureRField(), report.signatureSField());
        report.cpuid().ifPresent(b::cpuid);
        report.launchMitigationVector().ifPresent(b::launchMitigationVector);
        report.currentMitigationVector().ifPresent(b::currentMitigationVector);
        return b;
    }

    /** Sets GUEST_SVN (u32). */
    public SnpReportBuilder guestSvn(long svn) {
        Le.putU32(bytes, GUEST_SVN.offset(), u32(svn));
        return this;
    }

    /** Sets POLICY (raw u64; see {@link SnpPolicy}). */
    public SnpReportBuilder policy(long policy) {
        Le.putU64(bytes, POLICY.offset(), policy);
        return this;
    }

    /** Sets FAMILY_ID (16 bytes). */
    public SnpReportBuilder familyId(byte[] v) {
        return put(FAMILY_ID, v);
    }

    /** Sets IMAGE_ID (16 bytes). */
    public SnpReportBuilder imageId(byte[] v) {
        return put(IMAGE_ID, v);
    }

    /** Sets VMPL (u32). */
    public SnpReportBuilder vmpl(long vmpl) {
        Le.putU32(bytes, VMPL.offset(), u32(vmpl));
        return this;
    }

    /** Overrides SIGNATURE_ALGO (only 1 builds; other values exist to test rejection). */
    public SnpReportBuilder signatureAlgo(int algo) {
        Le.putU32(bytes, SIGNATURE_ALGO.offset(), algo);
        return this;
    }

    /** Sets CURRENT_TCB. */
    public SnpReportBuilder currentTcb(TcbVersion tcb) {
        Le.putU64(bytes, CURRENT_TCB.offset(), tcb.raw());
        return this;
    }

    /** Sets PLATFORM_INFO (raw u64; see {@link PlatformInfo}). */
    public SnpReportBuilder platformInfo(long info) {
        Le.putU64(bytes, PLATFORM_INFO.offset(), info);
        return this;
    }

    /** Signer info: AUTHOR_KEY_EN, MASK_CHIP_KEY, SIGNING_KEY. */
    public SnpReportBuilder signer(boolean authorKeyEnabled, boolean maskChipKey, SigningKey key) {
        long v = (authorKeyEnabled ? 1 : 0) | (maskChipKey ? 2 : 0) | ((long) key.code() << 2);
        Le.putU32(bytes, SIGNER_INFO.offset(), v);
        return this;
    }

    /** Sets REPORT_DATA (64 bytes). */
    public SnpReportBuilder reportData(byte[] v) {
        return put(REPORT_DATA, v);
    }

    /** Sets MEASUREMENT (48 bytes). */
    public SnpReportBuilder measurement(byte[] v) {
        return put(MEASUREMENT, v);
    }

    /** Sets HOST_DATA (32 bytes). */
    public SnpReportBuilder hostData(byte[] v) {
        return put(HOST_DATA, v);
    }

    /** Sets ID_KEY_DIGEST (48 bytes). */
    public SnpReportBuilder idKeyDigest(byte[] v) {
        return put(ID_KEY_DIGEST, v);
    }

    /** Sets AUTHOR_KEY_DIGEST (48 bytes). */
    public SnpReportBuilder authorKeyDigest(byte[] v) {
        return put(AUTHOR_KEY_DIGEST, v);
    }

    /** Sets REPORT_ID (32 bytes). */
    public SnpReportBuilder reportId(byte[] v) {
        return put(REPORT_ID, v);
    }

    /** Sets REPORT_ID_MA (32 bytes). */
    public SnpReportBuilder reportIdMa(byte[] v) {
        return put(REPORT_ID_MA, v);
    }

    /** Sets REPORTED_TCB. */
    public SnpReportBuilder reportedTcb(TcbVersion tcb) {
        Le.putU64(bytes, REPORTED_TCB.offset(), tcb.raw());
        return this;
    }

    /** CPUID bytes (v3+; a v2 report with CPUID set fails {@link #build()}). */
    public SnpReportBuilder cpuid(CpuId cpuid) {
        bytes[CPUID_FAM_ID.offset()] = (byte) cpuid.family();
        bytes[CPUID_MOD_ID.offset()] = (byte) cpuid.model();
        bytes[CPUID_STEP.offset()] = (byte) cpuid.stepping();
        return this;
    }

    /** CHIP_ID: 64 bytes, or 8 bytes (Turin form, zero-extended). */
    public SnpReportBuilder chipId(byte[] v) {
        return put(CHIP_ID, v.length == 8 ? Arrays.copyOf(v, 64) : v);
    }

    /** Sets COMMITTED_TCB. */
    public SnpReportBuilder committedTcb(TcbVersion tcb) {
        Le.putU64(bytes, COMMITTED_TCB.offset(), tcb.raw());
        return this;
    }

    /** Sets CURRENT_MAJOR/MINOR/BUILD. */
    public SnpReportBuilder currentFirmware(FirmwareVersion v) {
        bytes[CURRENT_BUILD.offset()] = (byte) v.build();
        bytes[CURRENT_MINOR.offset()] = (byte) v.minor();
        bytes[CURRENT_MAJOR.offset()] = (byte) v.major();
        return this;
    }

    /** Sets COMMITTED_MAJOR/MINOR/BUILD. */
    public SnpReportBuilder committedFirmware(FirmwareVersion v) {
        bytes[COMMITTED_BUILD.offset()] = (byte) v.build();
        bytes[COMMITTED_MINOR.offset()] = (byte) v.minor();
        bytes[COMMITTED_MAJOR.offset()] = (byte) v.major();
        return this;
    }

    /** Sets LAUNCH_TCB. */
    public SnpReportBuilder launchTcb(TcbVersion tcb) {
        Le.putU64(bytes, LAUNCH_TCB.offset(), tcb.raw());
        return this;
    }

    /** LAUNCH_MIT_VECTOR (v5 only). */
    public SnpReportBuilder launchMitigationVector(long v) {
        Le.putU64(bytes, LAUNCH_MIT_VECTOR.offset(), v);
        return this;
    }

    /** CURRENT_MIT_VECTOR (v5 only). */
    public SnpReportBuilder currentMitigationVector(long v) {
        Le.putU64(bytes, CURRENT_MIT_VECTOR.offset(), v);
        return this;
    }

    /** Stores R and S (each below 2^384) as 72-byte little-endian fields. */
    public SnpReportBuilder signature(BigInteger r, BigInteger s) {
        return signatureFields(littleEndian72(r), littleEndian72(s));
    }

    /** Stores the raw 72-byte R and S fields. */
    public SnpReportBuilder signatureFields(byte[] r, byte[] s) {
        put(SIGNATURE_R, r);
        return put(SIGNATURE_S, s);
    }

    /** The bytes the signature must cover (0x000-0x29F) as currently set. */
    public byte[] signedBytes() {
        return Arrays.copyOf(bytes, SIGNED_LENGTH);
    }

    /** Validates and returns the report. */
    public SnpReport build() throws EvidenceFormatException {
        return SnpReport.parse(bytes);
    }

    private SnpReportBuilder put(ReportField f, byte[] v) {
        if (v.length != f.length()) {
            throw new IllegalArgumentException(f + " takes " + f.length() + " bytes, got " + v.length);
        }
        System.arraycopy(v, 0, bytes, f.offset(), v.length);
        return this;
    }

    private static long u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a u32: " + v);
        }
        return v;
    }

    private static byte[] littleEndian72(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 384) {
            throw new IllegalArgumentException("signature component out of range");
        }
        byte[] be = v.toByteArray();
        byte[] le = new byte[72];
        for (int i = 0; i < be.length && i < 72; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
