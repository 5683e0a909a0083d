package dev.trustplane.cli;

import dev.trustplane.kms.release.TrustedAuthority;
import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.config.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that works on a data dir: where it is, which store, which config file.
 * Turns flags, environment and config file into a validated {@link ServerConfig}.
 */
final class CommonOptions {
    static final Set<String> KEYS = union(union(Set.of("data-dir", "listen", "store", "tls-cert", "tls-key", "max-body",
            "drain-timeout", "trust", "master-key", "trusted-authorities", "ledger-reads", "client-ca", "security-domain"),
            AttestationOptions.KEYS), union(KmsOptions.KEYS, LedgerOptions.KEYS));

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default ./trustplane-data; env TRUSTPLANE_DATA_DIR).")
    String dataDir;

    @Option(names = "--store", paramLabel = "URL",
            description = "Store: sqlite (default), sqlite:PATH or postgresql://user@host:port/db (env TRUSTPLANE_STORE).")
    String store;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file of key = value lines, keys as the flag names (env TRUSTPLANE_CONFIG).")
    Path config;

    /** Builds the server configuration, with {@code listen} and TLS flags when the command has them. */
    ServerConfig toServerConfig(String listenFlag, Path tlsCertFlag, Path tlsKeyFlag, String maxBodyFlag,
            String drainFlag, Map<String, String> env) throws UsageException {
        return toServerConfig(listenFlag, tlsCertFlag, tlsKeyFlag, maxBodyFlag, drainFlag, null, env);
    }

    /** As above, with the attestation trust profile ({@code production} or {@code simulated}). */
    ServerConfig toServerConfig(String listenFlag, Path tlsCertFlag, Path tlsKeyFlag, String maxBodyFlag,
            String drainFlag, String trustFlag, Map<String, String> env) throws UsageException {
        return toServerConfig(listenFlag, tlsCertFlag, tlsKeyFlag, maxBodyFlag, drainFlag, trustFlag, null, null, env);
    }

    /**
     * As above, with the KMS master key setting ({@code file} or {@code pkcs11:...}) and who may read the ledger's
     * checkpoint and tiles ({@code public} or {@code authenticated}).
     */
    ServerConfig toServerConfig(String listenFlag, Path tlsCertFlag, Path tlsKeyFlag, String maxBodyFlag,
            String drainFlag, String trustFlag, String masterKeyFlag, String ledgerReadsFlag, Map<String, String> env)
            throws UsageException {
        Settings settings = Settings.load(config, KEYS, env);
        ListenAddress listen = ListenAddress.parse(settings.get("listen", listenFlag, "127.0.0.1:8443"));
        Optional<Path> cert = Optional.ofNullable(settings.get("tls-cert", str(tlsCertFlag), null)).map(Path::of);
        Optional<Path> key = Optional.ofNullable(settings.get("tls-key", str(tlsKeyFlag), null)).map(Path::of);
        long maxBody = parseSize(settings.get("max-body", maxBodyFlag, "1MiB"));
        String trust = settings.get("trust", trustFlag, "production");
        if (!trust.equals("production") && !trust.equals("simulated")) {
            throw new UsageException("trust must be production or simulated, got '" + trust + "'");
        }
        String ledgerReads = settings.get("ledger-reads", ledgerReadsFlag, "public");
        if (!ledgerReads.equals("public") && !ledgerReads.equals("authenticated")) {
            throw new UsageException("ledger-reads must be public or authenticated, got '" + ledgerReads + "'");
        }
        try {
            return new ServerConfig(
                    Path.of(settings.get("data-dir", dataDir, "trustplane-data")),
                    listen.host(), listen.port(),
                    settings.get("store", store, "sqlite"),
                    cert, key, maxBody,
                    Durations.parse(settings.get("drain-timeout", drainFlag, "10s")),
                    trust.equals("simulated"),
                    settings.get("master-key", masterKeyFlag, "file"), List.of(),
                    ledgerReads.equals("public"), dev.trustplane.server.attestation.AttestationSettings.defaults(), Optional.empty(), false);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The trusted authorities: the repeatable flag, else {@code trusted-authorities} (environment or config file,
     * specs separated by spaces).
     */
    List<TrustedAuthority> trustedAuthorities(List<String> flags,
            Map<String, String> env) throws UsageException {
        Settings settings = Settings.load(config, KEYS, env);
        String specs = flags == null || flags.isEmpty() ? settings.get("trusted-authorities", null, "") : String.join(" ", flags);
        var out = new ArrayList<TrustedAuthority>();
        for (String spec : specs.strip().split("\\s+")) {
            if (spec.isEmpty()) {
                continue;
            }
            try {
                out.add(TrustedAuthority.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return out;
    }

    /** The client CA bundle for mutual TLS: the flag, else {@code client-ca} (environment or config file). */
    Optional<Path> clientCa(Path flag, Map<String, String> env) throws UsageException {
        Settings settings = Settings.load(config, KEYS, env);
        return Optional.ofNullable(settings.get("client-ca", str(flag), null)).map(Path::of);
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    /** Sizes as bytes or with a KiB/MiB suffix. */
    static long parseSize(String text) throws UsageException {
        var m = java.util.regex.Pattern.compile("([0-9]{1,12})\\s*(|B|KiB|MiB)").matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException("size '" + text + "' must be a number of bytes, or end in KiB or MiB");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "KiB" -> n * 1024;
            case "MiB" -> n * 1024 * 1024;
            default -> n;
        };
    }
}
