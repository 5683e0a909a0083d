package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import dev.trustplane.simulator.SnpSimulator;
import dev.trustplane.simulator.SnpSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The {@code /dev/sev-guest} ABI byte for byte (include/uapi/linux/sev-guest.h on x86-64) and the mapping of
 * errno, firmware and hypervisor errors — everything but the ioctl itself, which needs an SNP guest.
 */
class SevGuestAbiTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void request_numbers_are_iowr_S_with_the_32_byte_struct() {
        assertThat(SevGuestAbi.SNP_GET_REPORT).isEqualTo(0xC0205300L);
        assertThat(SevGuestAbi.SNP_GET_DERIVED_KEY).isEqualTo(0xC0205301L);
        assertThat(SevGuestAbi.SNP_GET_EXT_REPORT).isEqualTo(0xC0205302L);
    }

    @Test
    void snp_report_req_is_user_data_vmpl_and_zeroed_reserved() {
        byte[] user = ConfigfsTsmTest.reportData(0x10);
        byte[] req = SevGuestAbi.reportReq(user, 2);
        assertThat(req).hasSize(96);
        assertThat(Arrays.copyOfRange(req, 0, 64)).isEqualTo(user);
        assertThat(HEX.formatHex(req, 64, 68)).isEqualTo("02000000");
        assertThat(Arrays.copyOfRange(req, 68, 96)).isEqualTo(new byte[28]);
        assertThatThrownBy(() -> SevGuestAbi.reportReq(user, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SevGuestAbi.reportReq(new byte[63], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snp_ext_report_req_appends_certs_address_and_length_with_padding() {
        byte[] user = ConfigfsTsmTest.reportData(0x20);
        byte[] req = SevGuestAbi.extReportReq(user, 0, 0x00007F0012345000L, 0x4000);
        assertThat(req).hasSize(112);
        assertThat(Arrays.copyOfRange(req, 0, 96)).isEqualTo(SevGuestAbi.reportReq(user, 0));
        assertThat(HEX.formatHex(req, 96, 112)).isEqualTo("0050341200 7f0000 00400000 00000000".replace(" ", ""));
        assertThat(SevGuestAbi.certsLen(req)).isEqualTo(0x4000);
    }

    @Test
    void snp_guest_request_ioctl_has_msg_version_1_and_aligned_pointers() {
        byte[] g = SevGuestAbi.guestRequest(0x1122334455667788L, 0x0102030405060708L);
        assertThat(g).hasSize(32);
        assertThat(HEX.formatHex(g)).isEqualTo("01000000000000008877665544332211" + "0807060504030201" + "0000000000000000");
        ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 0x0000000100000016L);
        long exit = SevGuestAbi.exitInfo2(g);
        assertThat(SevGuestAbi.fwError(exit)).isEqualTo(0x16);
        assertThat(SevGuestAbi.vmmError(exit)).isEqualTo(SevGuestAbi.VMM_ERR_INVALID_LEN);
    }

    @Test
    void msg_report_rsp_yields_the_report_after_its_32_byte_header() throws Exception {
        byte[] report = SnpSimulator.standard().generate(new SnpSpec()).report();
        byte[] resp = new byte[4000];
        ByteBuffer b = ByteBuffer.wrap(resp).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0).putInt(4, 1184);
        System.arraycopy(report, 0, resp, 0x20, 1184);
        assertThat(SevGuestAbi.reportFromResponse(resp)).isEqualTo(report);

        b.putInt(0, 0x16);
        assertThatThrownBy(() -> SevGuestAbi.reportFromResponse(resp))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DEVICE_ERROR);
                    assertThat(e.field()).isEqualTo("MSG_REPORT_RSP.status");
                    assertThat(e.getMessage()).contains("0x16 (INVALID_PARAM)");
                });
        b.putInt(0, 0x27);
        assertThatThrownBy(() -> SevGuestAbi.reportFromResponse(resp)).hasMessageContaining("0x27 (INVALID_KEY)");
        b.putInt(0, 0).putInt(4, 4000);
        assertThatThrownBy(() -> SevGuestAbi.reportFromResponse(resp))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_OUTPUT);
                    assertThat(e.offset()).isEqualTo(4);
                });
    }

    @Test
    void the_hosts_certificate_length_is_bounded_before_allocation() throws Exception {
        assertThat(SevGuestAbi.checkedCertsLen(0x4000)).isEqualTo(0x4000);
        for (long bad : new long[] {0, 100, 4097, 0x20000, 0xFFFFF000L}) {
            assertThatThrownBy(() -> SevGuestAbi.checkedCertsLen(bad))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class,
                            e -> assertThat(e.field()).isEqualTo("certs_len"));
        }
    }

    @Test
    void ioctl_errors_map_to_typed_failures_with_firmware_detail() {
        var enotty = SevGuestAbi.ioctlFailure("/dev/sev-guest", "SNP_GET_EXT_REPORT", SevGuestAbi.ENOTTY, 0xFF);
        assertThat(enotty.failure()).isEqualTo(Failure.DEVICE_ERROR);
        assertThat(enotty.getMessage()).contains("VMPCK was disabled").contains("reboot");

        var eio = SevGuestAbi.ioctlFailure("/dev/sev-guest", "SNP_GET_REPORT", SevGuestAbi.EIO, 0x0000000200000000L);
        assertThat(eio.getMessage()).contains("EIO").contains("host busy");

        var einval = SevGuestAbi.ioctlFailure("/dev/sev-guest", "SNP_GET_REPORT", SevGuestAbi.EINVAL, 0x16);
        assertThat(einval.getMessage()).contains("EINVAL").contains("firmware 0x16 (INVALID_PARAM)");

        var none = SevGuestAbi.ioctlFailure("/dev/sev-guest", "SNP_GET_REPORT", SevGuestAbi.ETIMEDOUT, 0xFFFFFFFFL);
        assertThat(none.getMessage()).contains("timed out").contains("no firmware response");

        var denied = SevGuestAbi.ioctlFailure("/dev/sev-guest", "SNP_GET_REPORT", SevGuestAbi.EACCES, 0);
        assertThat(denied.failure()).isEqualTo(Failure.ACCESS_DENIED);

        assertThat(SevGuestAbi.ioctlFailure("/dev/x", "SNP_GET_REPORT", 75, 0x99).getMessage())
                .contains("errno 75").contains("0x99 (unknown)");
    }
}
