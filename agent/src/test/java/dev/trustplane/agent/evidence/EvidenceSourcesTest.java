package dev.trustplane.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source selection: explicit TEEs, auto-detection order, and errors that list what was looked for. */
class EvidenceSourcesTest {
    @TempDir
    Path dir;

    private EvidenceOptions nowhere() {
        return EvidenceOptions.defaults().withConfigfsRoot(dir.resolve("tsm/report")).withSevGuestDevice(dir.resolve("sev-guest"))
                .withTpmDevice(dir.resolve("tpmrm0"));
    }

    @Test
    void tee_names_parse_as_the_cli_spells_them() {
        assertThat(Tee.parse("azure-cvm")).isEqualTo(Tee.AZURE_CVM);
        assertThat(Tee.parse(" SNP ")).isEqualTo(Tee.SNP);
        assertThat(Tee.AZURE_CVM.cliName()).isEqualTo("azure-cvm");
        assertThatThrownBy(() -> Tee.parse("sgx")).hasMessageContaining("expected auto, snp, tdx, azure-cvm or sim");
    }

    @Test
    void auto_never_falls_back_to_the_simulator_and_lists_every_place() {
        assertThatThrownBy(() -> EvidenceSources.choose(Tee.AUTO, nowhere()))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("no TPM at " + dir.resolve("tpmrm0"))
                            .contains("no configfs-tsm directory " + dir.resolve("tsm/report"))
                            .contains("no " + dir.resolve("sev-guest")).contains("--tee sim");
                });
    }

    @Test
    void snp_prefers_configfs_and_falls_back_to_the_legacy_device() throws Exception {
        assertThatThrownBy(() -> EvidenceSources.choose(Tee.SNP, nowhere()))
                .hasMessageContaining("no SEV-SNP evidence interface found")
                .hasMessageContaining("configfs-tsm: no directory");
        Files.createFile(dir.resolve("sev-guest"));
        EvidenceSource legacy = EvidenceSources.choose(Tee.SNP, nowhere());
        assertThat(legacy).isInstanceOf(SevGuestDevice.class);
        assertThat(legacy.describe()).contains("SNP_GET_EXT_REPORT, VMPL 0");

        // A report root whose entries get no attributes (no provider registered) is reported, then skipped.
        Files.createDirectories(dir.resolve("tsm/report"));
        assertThat(EvidenceSources.choose(Tee.SNP, nowhere())).isInstanceOf(SevGuestDevice.class);
        Files.delete(dir.resolve("sev-guest"));
        assertThatThrownBy(() -> EvidenceSources.choose(Tee.AUTO, nowhere()))
                .hasMessageContaining("configfs-tsm provider under " + dir.resolve("tsm/report"));
    }

    @Test
    void tdx_needs_configfs_tsm() throws Exception {
        assertThatThrownBy(() -> EvidenceSources.choose(Tee.TDX, nowhere()))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).contains("TDREPORT").contains("Linux 6.7+");
                });
        Files.createDirectories(dir.resolve("tsm/report"));
        EvidenceSource tdx = EvidenceSources.choose(Tee.TDX, nowhere());
        assertThat(tdx.tee()).isEqualTo(Tee.TDX);
        assertThat(tdx.describe()).isEqualTo("configfs-tsm " + dir.resolve("tsm/report") + " (tdx)");
    }

    @Test
    void sim_is_chosen_only_by_name_and_azure_cvm_reports_a_missing_tpm() throws Exception {
        SimulatedTee sim = SimulatedTee.azureCvm();
        assertThat(EvidenceSources.choose(Tee.SIM, nowhere().withSimulator(sim))).isSameAs(sim);
        assertThatThrownBy(() -> EvidenceSources.choose(Tee.AZURE_CVM, nowhere()).collect(new byte[64]))
                .isInstanceOfSatisfying(EvidenceCollectionException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_AVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("no TPM at " + dir.resolve("tpmrm0"));
                });
    }

    @Test
    void options_are_validated_once() {
        EvidenceOptions d = EvidenceOptions.defaults();
        assertThat(d.configfsRoot()).isEqualTo(Path.of("/sys/kernel/config/tsm/report"));
        assertThat(d.tpmDevice()).isEqualTo(Path.of("/dev/tpmrm0"));
        assertThatThrownBy(() -> d.withTpmTcp("localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> d.withTpmTcp("localhost:70000")).hasMessageContaining("1..65535");
        assertThat(d.withTpmTcp("127.0.0.1:2321").tpm().describe()).isEqualTo("tcp 127.0.0.1:2321");
    }
}
