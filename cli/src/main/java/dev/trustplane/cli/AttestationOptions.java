package dev.trustplane.cli;

import dev.trustplane.server.attestation.AttestationSettings;
import dev.trustplane.server.attestation.CollateralServices;
import dev.trustplane.server.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code trustplane serve} options of the attestation service; each also a config-file key and an environment
 * variable ({@code TRUSTPLANE_ATTEST_RATE}, ...), as every serve option.
 */
final class AttestationOptions {
    static final Set<String> KEYS = Set.of("attest-token-lifetime", "attest-rate", "attest-burst", "collateral-fetch",
            "pcs-url", "kds-url");

    @Option(names = "--attest-token-lifetime", paramLabel = "DURATION",
            description = "Lifetime of attestation tokens, 1m to 7d (default 8h, as Azure Attestation).")
    String tokenLifetime;

    @Option(names = "--attest-rate", paramLabel = "N",
            description = "Anonymous /attest calls allowed per client address and minute; 0 = unlimited (default 600).")
    String rate;

    @Option(names = "--attest-burst", paramLabel = "N",
            description = "/attest calls a client address may make at once before --attest-rate applies (default 60).")
    String burst;

    @Option(names = "--collateral-fetch", paramLabel = "off|on",
            description = "Fetch collateral missing from DATA_DIR/collateral (VCEKs, TCB Info, QE Identity, CRLs) from AMD KDS and "
                    + "Intel PCS during attestation (default off: only what `trustplane collateral import` put there).")
    String fetch;

    @Option(names = "--pcs-url", paramLabel = "URL",
            description = "With --collateral-fetch on: Intel PCS v4 or a PCCS mirror (default https://api.trustedservices.intel.com).")
    String pcsUrl;

    @Option(names = "--kds-url", paramLabel = "URL",
            description = "With --collateral-fetch on: AMD KDS or a mirror (default https://kdsintf.amd.com).")
    String kdsUrl;

    /** The settings from flags, environment and the config file. */
    AttestationSettings settings(Path configFile, Set<String> allKeys, Map<String, String> env) throws UsageException {
        Settings s = Settings.load(configFile, allKeys, env);
        try {
            var settings = new AttestationSettings(
                    Durations.parse(s.get("attest-token-lifetime", tokenLifetime, "8h")),
                    Settings.integer("attest-rate", s.get("attest-rate", rate, Integer.toString(AttestationSettings.DEFAULT_PER_MINUTE))),
                    Settings.integer("attest-burst", s.get("attest-burst", burst, Integer.toString(AttestationSettings.DEFAULT_BURST))));
            String pcs = s.get("pcs-url", pcsUrl, null);
            String kds = s.get("kds-url", kdsUrl, null);
            String mode = s.get("collateral-fetch", fetch, "off");
            return switch (mode) {
                case "off" -> {
                    if (pcs != null || kds != null) {
                        throw new UsageException("--pcs-url and --kds-url need --collateral-fetch on");
                    }
                    yield settings;
                }
                case "on" -> {
                    var vendors = CollateralServices.vendors();
                    yield settings.withOnlineCollateral(new CollateralServices(
                            kds == null ? vendors.kds() : url("kds-url", kds),
                            pcs == null ? vendors.pcs() : url("pcs-url", pcs),
                            // Intel serves the Root CA CRL from another host; a mirror serves everything itself.
                            pcs == null ? vendors.intelCertificates() : url("pcs-url", pcs)));
                }
                default -> throw new UsageException("--collateral-fetch must be off or on, got '" + mode + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static URI url(String key, String value) throws UsageException {
        try {
            URI uri = new URI(value.trim());
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException(key + " must be an https URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(key + " is not a URL: '" + value + "'");
        }
    }
}
