package dev.trustplane.cli;

import dev.trustplane.server.attestation.AttestationSettings;
import dev.trustplane.server.config.Durations;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code trustplane serve} options of the attestation service; each also a config-file key and an environment
 * variable ({@code TRUSTPLANE_ATTEST_RATE}, ...), as every serve option.
 */
final class AttestationOptions {
    static final Set<String> KEYS = Set.of("attest-token-lifetime", "attest-rate", "attest-burst");

    @Option(names = "--attest-token-lifetime", paramLabel = "DURATION",
            description = "Lifetime of attestation tokens, 1m to 7d (default 8h, as Azure Attestation).")
    String tokenLifetime;

    @Option(names = "--attest-rate", paramLabel = "N",
            description = "Anonymous /attest calls allowed per client address and minute; 0 = unlimited (default 600).")
    String rate;

    @Option(names = "--attest-burst", paramLabel = "N",
            description = "/attest calls a client address may make at once before --attest-rate applies (default 60).")
    String burst;

    /** The settings from flags, environment and the config file. */
    AttestationSettings settings(Path configFile, Set<String> allKeys, Map<String, String> env) throws UsageException {
        Settings s = Settings.load(configFile, allKeys, env);
        try {
            return new AttestationSettings(
                    Durations.parse(s.get("attest-token-lifetime", tokenLifetime, "8h")),
                    integer("attest-rate", s.get("attest-rate", rate, Integer.toString(AttestationSettings.DEFAULT_PER_MINUTE))),
                    integer("attest-burst", s.get("attest-burst", burst, Integer.toString(AttestationSettings.DEFAULT_BURST))));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int integer(String key, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a whole number, got '" + value + "'");
        }
    }
}
