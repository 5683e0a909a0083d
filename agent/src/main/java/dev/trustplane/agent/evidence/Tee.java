package dev.trustplane.agent.evidence;

/** Which trusted execution environment to collect evidence from ({@code --tee auto|snp|tdx|azure-cvm|sim}). */
public enum Tee {
    /** Detect: Azure CVM vTPM, then configfs-tsm (SNP or TDX), then {@code /dev/sev-guest}; never the simulator. */
    AUTO,
    /** AMD SEV-SNP guest: configfs-tsm, else the legacy {@code /dev/sev-guest} ioctls. */
    SNP,
    /** Intel TDX guest: configfs-tsm (quotes need Linux 6.7+). */
    TDX,
    /** Azure confidential VM: HCL report and quote from the paravisor's vTPM. */
    AZURE_CVM,
    /** The simulator: evidence signed under simulated roots, which production policies reject. */
    SIM;

    /** Parses the CLI spelling ({@code auto}, {@code snp}, {@code tdx}, {@code azure-cvm}, {@code sim}). */
    public static Tee parse(String text) {
        for (Tee t : values()) {
            if (t.cliName().equalsIgnoreCase(text.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TEE '" + text + "'; expected auto, snp, tdx, azure-cvm or sim");
    }

    /** The CLI spelling. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
