package dev.trustplane.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.snp.internal.ReportField;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parser and encoder edge cases on synthetic reports (always run; no vectors needed). */
class SnpReportParseTest {

    static byte[] minimal(int version) throws EvidenceFormatException {
        return SnpReportBuilder.create(version).build().toBytes();
    }

    static void assertRejected(ThrowingCallable call, ReasonCode code, String field, long offset) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    @Test
    void fields_tile_the_report_exactly() {
        int next = 0;
        for (ReportField f : ReportField.values()) {
            assertThat(f.offset()).as(f.name()).isEqualTo(next);
            next = f.offset() + f.length();
        }
        assertThat(next).isEqualTo(0x4A0).isEqualTo(ReportField.REPORT_SIZE);
        assertThat(ReportField.SIGNATURE_R.offset()).isEqualTo(ReportField.SIGNED_LENGTH);
    }

    @Test
    void truncated_oversized_empty_and_null_inputs_are_malformed_and_name_the_size() throws Exception {
        byte[] ok = minimal(3);
        for (int len : new int[] {0, 1, 0x2A0, 0x49F, 0x4A1, 4096}) {
            byte[] data = Arrays.copyOf(ok, len);
            assertThatThrownBy(() -> SnpReport.parse(data))
                    .isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
                        assertThat(e.code()).isEqualTo(ReasonCode.MALFORMED);
                        assertThat(e.getMessage()).contains("size is " + len + " bytes").contains("1184");
                    });
        }
        assertRejected(() -> SnpReport.parse(null), ReasonCode.MALFORMED, "report", -1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 6, 255, -1})
    void versions_other_than_2_3_5_are_unsupported(int version) throws Exception {
        byte[] b = minimal(3);
        b[0] = (byte) version;
        b[3] = (byte) (version < 0 ? 0xFF : 0);
        assertRejected(() -> SnpReport.parse(b), ReasonCode.UNSUPPORTED_VERSION, "VERSION", 0);
    }

    @Test
    void unknown_signature_algorithm_is_unsupported() {
        assertRejected(() -> SnpReportBuilder.create(5).signatureAlgo(2).build(),
                ReasonCode.UNSUPPORTED_VERSION, "SIGNATURE_ALGO", 0x34);
    }

    @Test
    void reserved_signer_info_values_are_malformed() throws Exception {
        byte[] b = minimal(3);
        b[0x48] = 2 << 2;
        assertRejected(() -> SnpReport.parse(b), ReasonCode.MALFORMED, "SIGNING_KEY", 0x48);
        b[0x48] = 0;
        b[0x4B] = 1;
        assertRejected(() -> SnpReport.parse(b), ReasonCode.MALFORMED, "SIGNER_INFO", 0x48);
    }

    @Test
    void every_reserved_byte_must_be_zero() throws Exception {
        for (ReportField f : ReportField.values()) {
            if (!f.reserved()) {
                continue;
            }
            byte[] b = minimal(5);
            b[f.offset() + f.length() - 1] = 1;
            assertRejected(() -> SnpReport.parse(b), ReasonCode.MALFORMED, f.name(), f.offset());
        }
    }

    @Test
    void fields_newer_than_the_version_must_be_zero() {
        assertRejected(() -> SnpReportBuilder.create(2).cpuid(new CpuId(0x19, 1, 1)).build(),
                ReasonCode.MALFORMED, "CPUID_FAM_ID", 0x188);
        assertRejected(() -> SnpReportBuilder.create(3).launchMitigationVector(1).build(),
                ReasonCode.MALFORMED, "LAUNCH_MIT_VECTOR", 0x1F8);
        assertRejected(() -> SnpReportBuilder.create(3).currentMitigationVector(1).build(),
                ReasonCode.MALFORMED, "CURRENT_MIT_VECTOR", 0x200);
    }

    @Test
    void random_garbage_of_report_size_is_rejected_with_a_format_exception() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[0x4A0];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> SnpReport.parse(garbage)).isInstanceOf(EvidenceFormatException.class);
        }
    }

    @Test
    void builder_encodes_every_field_at_its_offset_and_parse_decodes_it() throws Exception {
        byte[] measurement = filled(48, 0x11);
        byte[] chip = filled(8, 0x22);
        SnpReport r = SnpReportBuilder.create(5)
                .guestSvn(0xFFFF_FFFFL)
                .policy(0x3001fL | (1L << 19))
                .familyId(filled(16, 1))
                .imageId(filled(16, 2))
                .vmpl(3)
                .currentTcb(TcbVersion.of(TcbLayout.ZEN5, 1, 2, 3, 4, 200))
                .platformInfo(0x65)
                .signer(true, false, SigningKey.VLEK)
                .reportData(filled(64, 3))
                .measurement(measurement)
                .hostData(filled(32, 4))
                .idKeyDigest(filled(48, 5))
                .authorKeyDigest(filled(48, 6))
                .reportId(filled(32, 7))
                .reportIdMa(filled(32, 0xFF))
                .reportedTcb(TcbVersion.of(TcbLayout.ZEN5, 1, 1, 1, 4, 81))
                .cpuid(new CpuId(0x1A, 0x02, 0x01))
                .chipId(chip)
                .committedTcb(new TcbVersion(0x0102030405060708L))
                .currentFirmware(new FirmwareVersion(1, 55, 65))
                .committedFirmware(new FirmwareVersion(1, 55, 64))
                .launchTcb(new TcbVersion(-1L))
                .launchMitigationVector(0x3f)
                .currentMitigationVector(0x7f)
                .signature(BigInteger.TWO.pow(383), BigInteger.ONE)
                .build();
        byte[] b = r.toBytes();
        assertThat(Arrays.copyOfRange(b, 0x90, 0xC0)).isEqualTo(measurement);
        assertThat(b[0x1A0]).isEqualTo((byte) 0x22);
        assertThat(b[0x1A8]).isZero();
        assertThat(b[0x1EA]).isEqualTo((byte) 1);
        assertThat(b[0x2A0 + 47]).isEqualTo((byte) 0x80);
        assertThat(b[0x2E8]).isEqualTo((byte) 1);
        assertThat(r.guestSvn()).isEqualTo(0xFFFF_FFFFL);
        assertThat(r.policy().debugAllowed()).isTrue();
        assertThat(r.vmpl()).isEqualTo(3);
        assertThat(r.authorKeyEnabled()).isTrue();
        assertThat(r.signingKey()).isEqualTo(SigningKey.VLEK);
        assertThat(r.product()).contains(SnpProduct.TURIN);
        assertThat(r.platformInfo().iommuWriteSafe()).isTrue();
        assertThat(r.currentTcb().decode(TcbLayout.ZEN5)).isEqualTo(
                new TcbVersion.Components(TcbLayout.ZEN5, 1, 2, 3, 4, 200));
        assertThat(r.currentFirmware()).hasToString("1.55.65");
        assertThat(r.committedFirmware()).hasToString("1.55.64");
        assertThat(r.launchTcb().raw()).isEqualTo(-1L);
        assertThat(r.currentMitigationVector()).hasValue(0x7f);
        assertThat(r.signatureR()).isEqualTo(BigInteger.TWO.pow(383));
        assertThat(r.signatureS()).isEqualTo(BigInteger.ONE);
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(SnpReport.parse(b).toBytes()).isEqualTo(b);
    }

    @Test
    void v2_reports_have_no_cpuid_or_mitigation_vectors() throws Exception {
        SnpReport r = SnpReport.parse(minimal(2));
        assertThat(r.cpuid()).isEmpty();
        assertThat(r.product()).isEmpty();
        assertThat(r.launchMitigationVector()).isEmpty();
        assertThat(r.policy().reservedBit17()).isTrue();
    }

    @Test
    void policy_bits_decode_per_the_abi() {
        SnpPolicy p = new SnpPolicy(0b11_1111_1111L << 16 | 0x1f | (1L << 40));
        assertThat(p.abiMajor()).isZero();
        assertThat(p.abiMinor()).isEqualTo(31);
        assertThat(p.smtAllowed() && p.migrateMaAllowed() && p.debugAllowed() && p.singleSocketRequired()
                && p.cxlAllowed() && p.memAes256XtsRequired() && p.raplDisRequired()
                && p.ciphertextHidingRequired() && p.pageSwapDisabled()).isTrue();
        assertThat(p.unknownBits()).isEqualTo(1L << 40);
        assertThat(new SnpPolicy(0xb0000).debugAllowed()).isTrue();
        assertThat(new SnpPolicy(0x3001f).debugAllowed()).isFalse();
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
