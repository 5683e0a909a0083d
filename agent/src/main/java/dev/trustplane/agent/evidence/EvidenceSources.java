package dev.trustplane.agent.evidence;

import dev.trustplane.agent.evidence.EvidenceCollectionException.Failure;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the evidence source for a {@link Tee}. {@link Tee#AUTO} probes, in this order: the Azure CVM vTPM (NV
 * index 0x01400001 present — first, because on Azure the paravisor owns the SNP/TDX device), configfs-tsm
 * (its provider says SNP or TDX), then {@code /dev/sev-guest}. It never falls back to the simulator: when
 * nothing is found the exception lists every place looked at and why each did not qualify.
 */
public final class EvidenceSources {
    private EvidenceSources() {}

    /**
     * The source for {@code tee}.
     *
     * @throws EvidenceCollectionException {@link Failure#NOT_AVAILABLE} (or ACCESS_DENIED) naming what was
     *     looked for
     */
    public static EvidenceSource choose(Tee tee, EvidenceOptions options) throws EvidenceCollectionException {
        ConfigfsTsm.Sleeper sleeper = d -> Thread.sleep(d);
        return switch (tee) {
            case SIM -> options.simulator();
            case AZURE_CVM -> endorsed(azure(options, sleeper), options);
            case TDX -> tdx(options, sleeper);
            case SNP -> snp(options, sleeper);
            case AUTO -> detect(options, sleeper);
        };
    }

    /**
     * {@code source} with the VCEK chain from {@code chains} attached to its SNP-based Azure CVM evidence, as
     * {@link #choose} does for the vTPM (exposed for other Azure CVM sources, e.g. the simulator's).
     */
    public static EvidenceSource withVcekChain(EvidenceSource source, VcekChainSource chains) {
        return new VcekEndorsedSource(source, chains);
    }

    private static AzureVtpm azure(EvidenceOptions o, ConfigfsTsm.Sleeper sleeper) {
        return new AzureVtpm(o.tpm(), o.hclRefreshTimeout(), java.time.Duration.ofMillis(250), sleeper);
    }

    /** The vTPM's evidence with the VCEK chain the HCL report lacks, unless the options say the verifier has it. */
    private static EvidenceSource endorsed(AzureVtpm azure, EvidenceOptions o) {
        return o.vcekChains().<EvidenceSource>map(chains -> new VcekEndorsedSource(azure, chains)).orElse(azure);
    }

    private static ConfigfsTsm configfs(EvidenceOptions o, Tee tee, ConfigfsTsm.Sleeper sleeper) {
        return new ConfigfsTsm(o.configfsRoot(), ConfigfsIo.NATIVE, Optional.of(tee), o.vmpl(), o.attempts(), o.busyDelay(),
                sleeper);
    }

    /** TDX quotes come only through configfs-tsm here (the TDREPORT of /dev/tdx_guest is not remote evidence). */
    private static EvidenceSource tdx(EvidenceOptions o, ConfigfsTsm.Sleeper sleeper) throws EvidenceCollectionException {
        if (!Files.isDirectory(o.configfsRoot())) {
            throw notFound("TDX", List.of("configfs-tsm: no directory " + o.configfsRoot() + " (TDX quotes need Linux 6.7+ "
                    + "with configfs mounted; /dev/tdx_guest alone yields only a TDREPORT, which is not remote evidence)"));
        }
        return configfs(o, Tee.TDX, sleeper);
    }

    /** configfs-tsm when it serves SNP, else the legacy device when present. */
    private static EvidenceSource snp(EvidenceOptions o, ConfigfsTsm.Sleeper sleeper) throws EvidenceCollectionException {
        List<String> tried = new ArrayList<>();
        if (Files.isDirectory(o.configfsRoot())) {
            try {
                Tee provider = configfs(o, Tee.SNP, sleeper).probe();
                if (provider == Tee.SNP) {
                    return configfs(o, Tee.SNP, sleeper);
                }
                tried.add("configfs-tsm " + o.configfsRoot() + ": provider is " + provider.cliName());
            } catch (EvidenceCollectionException e) {
                tried.add(e.getMessage());
            }
        } else {
            tried.add("configfs-tsm: no directory " + o.configfsRoot());
        }
        if (Files.exists(o.sevGuestDevice())) {
            return new SevGuestDevice(o.sevGuestDevice(), o.vmpl().orElse(0), true);
        }
        tried.add("no " + o.sevGuestDevice());
        throw notFound("SEV-SNP", tried);
    }

    private static EvidenceSource detect(EvidenceOptions o, ConfigfsTsm.Sleeper sleeper) throws EvidenceCollectionException {
        List<String> tried = new ArrayList<>();
        boolean tpmPresent = o.tpmTcp().isPresent() || Files.exists(o.tpmDevice());
        if (tpmPresent) {
            AzureVtpm azure = azure(o, sleeper);
            try {
                if (azure.probe()) {
                    return endorsed(azure, o);
                }
                tried.add("TPM " + o.tpm().describe() + ": no HCL report at NV 0x01400001 (not an Azure CVM)");
            } catch (EvidenceCollectionException e) {
                tried.add("TPM " + o.tpm().describe() + ": " + e.getMessage());
            }
        } else {
            tried.add("no TPM at " + o.tpmDevice());
        }
        if (Files.isDirectory(o.configfsRoot())) {
            try {
                Tee provider = configfs(o, Tee.SNP, sleeper).probe();
                return configfs(o, provider, sleeper);
            } catch (EvidenceCollectionException e) {
                tried.add(e.getMessage());
            }
        } else {
            tried.add("no configfs-tsm directory " + o.configfsRoot() + " (Linux 6.7+, configfs mounted)");
        }
        if (Files.exists(o.sevGuestDevice())) {
            return new SevGuestDevice(o.sevGuestDevice(), o.vmpl().orElse(0), true);
        }
        tried.add("no " + o.sevGuestDevice());
        throw notFound("TEE", tried);
    }

    private static EvidenceCollectionException notFound(String what, List<String> tried) {
        return new EvidenceCollectionException(Failure.NOT_AVAILABLE, "no " + what + " evidence interface found; looked "
                + "for: " + String.join("; ", tried) + ". Use --tee sim to run with the simulator.");
    }
}
