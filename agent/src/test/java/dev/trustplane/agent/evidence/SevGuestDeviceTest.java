package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFM path for real, on devices this machine has: an absent device and a device that is not sev-guest
 * ({@code /dev/null} answers every ioctl with ENOTTY). The successful path needs an SNP guest.
 */
class SevGuestDeviceTest {
    @TempDir
    Path dir;

    @Test
    void an_absent_device_is_not_available() {
        SevGuestDevice d = new SevGuestDevice(dir.resolve("sev-guest"), 0, true);
        assertThatThrownBy(() -> d.collect(new byte[64]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("sev-guest").contains("not an SEV-SNP guest");
                });
    }

    @Test
    void a_device_that_refuses_the_ioctl_is_a_device_error_both_ways() {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(devNull), "/dev/null is not writable here");
        for (boolean extended : new boolean[] {true, false}) {
            SevGuestDevice d = new SevGuestDevice(devNull, 0, extended);
            assertThatThrownBy(() -> d.collect(new byte[64]))
                    .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.DEVICE_ERROR);
                        assertThat(e.getMessage()).contains("/dev/null")
                                .contains(extended ? "SNP_GET_EXT_REPORT" : "SNP_GET_REPORT").contains("ENOTTY");
                    });
        }
    }

    @Test
    void an_unreadable_device_is_access_denied() throws Exception {
        Path file = Files.createFile(dir.resolve("locked"));
        Files.setPosixFilePermissions(file, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root: permissions are not enforced");
        assertThatThrownBy(() -> new SevGuestDevice(file, 0, true).collect(new byte[64]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.ACCESS_DENIED));
    }

    @Test
    void describe_names_device_request_and_vmpl() {
        assertThat(new SevGuestDevice(Path.of("/dev/sev-guest"), 1, true).describe())
                .isEqualTo("/dev/sev-guest (SNP_GET_EXT_REPORT, VMPL 1)");
        assertThatThrownBy(() -> new SevGuestDevice(Path.of("/dev/sev-guest"), 4, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
