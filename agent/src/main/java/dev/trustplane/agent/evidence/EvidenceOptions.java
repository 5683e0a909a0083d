package dev.trustplane.agent.evidence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where {@link EvidenceSources#choose} looks and how patient it is. Every path is injectable so tests (and
 * containers that mount things elsewhere) can point the agent at another tree.
 *
 * @param configfsRoot the configfs-tsm report directory (default {@code /sys/kernel/config/tsm/report})
 * @param sevGuestDevice the legacy SNP guest device (default {@code /dev/sev-guest})
 * @param tpmDevice the TPM resource manager (default {@code /dev/tpmrm0})
 * @param tpmTcp a TPM reachable over TCP instead of the device (swtpm's data port), as {@code host:port}
 * @param vmpl the VMPL to request SNP reports for (0..3); empty: configfs-tsm uses the kernel's default (the
 *     guest's own level, {@code privlevel_floor}) and {@code /dev/sev-guest} requests VMPL 0
 * @param attempts bounded retries for configfs-tsm generation races and EBUSY
 * @param busyDelay pause before retrying an EBUSY provider
 * @param hclRefreshTimeout how long to wait for the paravisor to refresh the HCL report after a user-data write
 * @param simulator the simulated TEE for {@link Tee#SIM}
 * @param vcekChains where Azure CVM evidence of an SNP VM gets its VCEK chain (default: THIM through the instance
 *     metadata service); empty: send the evidence without one, for a verifier that holds the VCEK itself
 */
public record EvidenceOptions(Path configfsRoot, Path sevGuestDevice, Path tpmDevice, Optional<String> tpmTcp, OptionalInt vmpl,
        int attempts, Duration busyDelay, Duration hclRefreshTimeout, SimulatedTee simulator,
        Optional<VcekChainSource> vcekChains) {

    public EvidenceOptions {
        Objects.requireNonNull(configfsRoot, "configfsRoot");
        Objects.requireNonNull(sevGuestDevice, "sevGuestDevice");
        Objects.requireNonNull(tpmDevice, "tpmDevice");
        Objects.requireNonNull(tpmTcp, "tpmTcp");
        Objects.requireNonNull(busyDelay, "busyDelay");
        Objects.requireNonNull(hclRefreshTimeout, "hclRefreshTimeout");
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(vmpl, "vmpl");
        Objects.requireNonNull(vcekChains, "vcekChains");
        if (vmpl.isPresent() && (vmpl.getAsInt() < 0 || vmpl.getAsInt() > 3)) {
            throw new IllegalArgumentException("VMPL must be 0..3, got " + vmpl.getAsInt());
        }
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("attempts must be 1..100, got " + attempts);
        }
        tpmTcp.ifPresent(EvidenceOptions::hostPort);
    }

    /**
     * The standard Linux locations, 3 attempts, 10 s EBUSY pause (Intel's), 10 s HCL refresh, simulated Genoa SNP,
     * VCEK chains from THIM.
     */
    public static EvidenceOptions defaults() {
        return new EvidenceOptions(ConfigfsTsm.DEFAULT_ROOT, SevGuestDevice.DEFAULT_DEVICE, AzureVtpm.DEFAULT_DEVICE,
                Optional.empty(), OptionalInt.empty(), 3, Duration.ofSeconds(10), Duration.ofSeconds(10), SimulatedTee.snp(),
                Optional.of(ThimVcekChain.imds()));
    }

    public EvidenceOptions withConfigfsRoot(Path p) {
        return new EvidenceOptions(p, sevGuestDevice, tpmDevice, tpmTcp, vmpl, attempts, busyDelay, hclRefreshTimeout, simulator,
                vcekChains);
    }

    public EvidenceOptions withSevGuestDevice(Path p) {
        return new EvidenceOptions(configfsRoot, p, tpmDevice, tpmTcp, vmpl, attempts, busyDelay, hclRefreshTimeout, simulator,
                vcekChains);
    }

    public EvidenceOptions withTpmDevice(Path p) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, p, Optional.empty(), vmpl, attempts, busyDelay,
                hclRefreshTimeout, simulator, vcekChains);
    }

    /** Use a TPM over TCP ({@code host:port}, e.g. swtpm's data port) instead of the device. */
    public EvidenceOptions withTpmTcp(String hostPort) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, tpmDevice, Optional.of(hostPort), vmpl, attempts,
                busyDelay, hclRefreshTimeout, simulator, vcekChains);
    }

    /** Request SNP reports for this VMPL (configfs-tsm {@code privlevel}, sev-guest {@code vmpl}). */
    public EvidenceOptions withVmpl(int level) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, tpmDevice, tpmTcp, OptionalInt.of(level), attempts,
                busyDelay, hclRefreshTimeout, simulator, vcekChains);
    }

    public EvidenceOptions withHclRefreshTimeout(Duration d) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, tpmDevice, tpmTcp, vmpl, attempts, busyDelay, d, simulator,
                vcekChains);
    }

    public EvidenceOptions withSimulator(SimulatedTee s) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, tpmDevice, tpmTcp, vmpl, attempts, busyDelay,
                hclRefreshTimeout, s, vcekChains);
    }

    /** Where SNP-based Azure CVM evidence gets its VCEK chain; empty to send none. */
    public EvidenceOptions withVcekChains(Optional<VcekChainSource> chains) {
        return new EvidenceOptions(configfsRoot, sevGuestDevice, tpmDevice, tpmTcp, vmpl, attempts, busyDelay,
                hclRefreshTimeout, simulator, chains);
    }

    /** The TPM transport factory these options name. */
    AzureVtpm.TransportFactory tpm() {
        if (tpmTcp.isEmpty()) {
            return AzureVtpm.device(tpmDevice);
        }
        String[] hp = hostPort(tpmTcp.get());
        int port = Integer.parseInt(hp[1]);
        return new AzureVtpm.TransportFactory() {
            @Override
            public TpmTransport open() throws java.io.IOException {
                return TpmTransport.tcp(hp[0], port);
            }

            @Override
            public String describe() {
                return "tcp " + tpmTcp.get();
            }
        };
    }

    private static String[] hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("TPM TCP address must be host:port, got '" + text + "'");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TPM TCP port must be 1..65535, got '" + text + "'");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
