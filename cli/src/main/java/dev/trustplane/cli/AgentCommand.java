package dev.trustplane.cli;

import dev.trustplane.agent.AgentException;
import dev.trustplane.agent.KeyReleaseAgent;
import dev.trustplane.agent.ReleaseResponseTrust;
import dev.trustplane.agent.ReleasedKey;
import dev.trustplane.agent.evidence.EvidenceCollectionException;
import dev.trustplane.agent.evidence.EvidenceOptions;
import dev.trustplane.agent.evidence.EvidenceSource;
import dev.trustplane.agent.evidence.EvidenceSources;
import dev.trustplane.agent.evidence.SimulatedTee;
import dev.trustplane.agent.evidence.Tee;
import dev.trustplane.agent.TrustplaneClient;
import dev.trustplane.server.config.Durations;
import dev.trustplane.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustplane agent}: the workload side. {@code attest} prints the claims of a fresh token; {@code release}
 * writes a released key to stdout for scripts; {@code run -- CMD} starts CMD with the key on its standard input
 * (an inherited pipe — never argv, environment or disk), and with {@code --refresh} keeps earning it while CMD
 * runs ({@link RefreshedRun}); {@code encrypt}/{@code decrypt} apply the envelope format ({@link
 * AgentEnvelopeCommands}). Exit 0 success, 1 refused (attestation or release denied, response untrusted, envelope
 * does not open), 2 bad usage.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Workload side: attest, obtain keys by secure key release.",
        subcommands = {AgentCommand.Attest.class, AgentCommand.Release.class, AgentCommand.Run.class,
            AgentCommand.UnlockLuks.class, AgentEnvelopeCommands.Encrypt.class, AgentEnvelopeCommands.Decrypt.class})
final class AgentCommand {

    /** Where to attest and release, and with what evidence. */
    static final class Connection {
        @Option(names = "--server", paramLabel = "URL", required = true, description = "The Trustplane server (attestation and keys).")
        String server;

        @Option(names = "--attest-server", paramLabel = "URL", description = "A separate attestation service (default: --server).")
        String attestServer;

        @Option(names = "--ca", paramLabel = "FILE", required = true,
                description = "CA certificate(s) (PEM) the server's TLS and release signatures chain to (a dev server: DATA_DIR/tls/ca.pem).")
        Path ca;

        @Option(names = "--tee", paramLabel = "auto|snp|tdx|azure-cvm|sim", defaultValue = "auto",
                description = "Evidence source (default auto: the Azure vTPM, configfs-tsm, then /dev/sev-guest; sim: the "
                        + "simulator, for a server run with --trust simulated).")
        String tee;

        @Option(names = "--sim-debug", description = "sim: set the guest policy's DEBUG bit.")
        boolean simDebug;

        @Option(names = "--sim-measurement", paramLabel = "HEX", description = "sim: launch measurement, 48 bytes.")
        String simMeasurement;

        EvidenceSource tee() throws UsageException {
            SimulatedTee sim = SimulatedTee.snp().withDebug(simDebug);
            if (simMeasurement != null) {
                byte[] m = hex(simMeasurement, "--sim-measurement");
                if (m.length != 48) {
                    throw new UsageException("--sim-measurement must be 48 bytes (96 hex digits)");
                }
                sim = sim.withMeasurement(m);
            }
            try {
                return EvidenceSources.choose(Tee.parse(tee), EvidenceOptions.defaults().withSimulator(sim));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } catch (EvidenceCollectionException e) {
                throw new UsageException("no TEE: " + e.getMessage());
            }
        }

        TrustplaneClient client(Optional<Path> tokenFile) throws UsageException {
            URI keys = https(server, "--server");
            URI attest = attestServer == null ? keys : https(attestServer, "--attest-server");
            return new TrustplaneClient(attest, keys, ApiClient.trusting(ca), () -> tokenFile.map(Connection::readToken).orElse(""));
        }

        ReleaseResponseTrust trust() throws UsageException {
            return trustAnchoredAt(ca);
        }

        private static String readToken(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the token file " + file, e);
            }
        }

        private static URI https(String url, String option) throws UsageException {
            try {
                URI uri = URI.create(url);
                if (!"https".equals(uri.getScheme())) {
                    throw new UsageException(option + " must be an https:// URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + " '" + url + "' is not a URL");
            }
        }

        private static byte[] hex(String text, String option) throws UsageException {
            try {
                return HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + " is not hex");
            }
        }
    }

    /** The key to release and the credential for the key service. */
    static final class KeyOptions {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key's name (an exportable key with a release policy).")
        String key;

        @Option(names = "--version", paramLabel = "VERSION", description = "A key version (default: the latest).")
        String version;

        @Option(names = "--token-file", paramLabel = "FILE", required = true,
                description = "File holding the bearer token for the key service (needs keys/release/action).")
        Path tokenFile;
    }

    @Command(name = "attest", mixinStandardHelpOptions = true, description = "Attest and print the token's claims.")
    static final class Attest implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Option(names = "--token", description = "Print the token itself instead of its claims.")
        boolean raw;

        @Override
        public Integer call() throws Exception {
            var agent = new KeyReleaseAgent(connection.tee(), connection.client(Optional.empty()), connection.trust(), "-",
                    Optional.empty());
            try {
                String token = agent.attestOnly();
                if (raw) {
                    System.out.println(token);
                } else {
                    byte[] claims = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
                    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(claims)));
                }
                return Main.OK;
            } catch (AgentException e) {
                System.err.println("trustplane agent: " + e.getMessage());
                return Main.NO;
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Attest, release KEY and write it to stdout (raw bytes for oct keys, PKCS#8 DER otherwise).")
    static final class Release implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Mixin
        KeyOptions keyOptions = new KeyOptions();

        @Option(names = "--out", paramLabel = "-", required = true,
                description = "Only '-' (stdout): keys are never written to files by the agent.")
        String out;

        @Override
        public Integer call() throws Exception {
            if (!out.equals("-")) {
                throw new UsageException("--out must be '-' (stdout); the agent never writes keys to files");
            }
            byte[] material = obtainMaterial(connection, keyOptions);
            if (material == null) {
                return Main.NO;
            }
            try {
                System.out.write(material);
                System.out.flush();
            } finally {
                java.util.Arrays.fill(material, (byte) 0);
            }
            return Main.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Attest, release KEY and run CMD with the key on its standard input (fd 0), e.g. "
                    + "'trustplane agent run db-key ... -- cryptsetup open --key-file=- DEVICE NAME'.")
    static final class Run implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Mixin
        KeyOptions keyOptions = new KeyOptions();

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command (after --).")
        List<String> command;

        @Option(names = "--refresh", paramLabel = "DURATION",
                description = "Stay beside CMD and attest and release again every DURATION (e.g. 1h); CMD is "
                        + "stopped (SIGTERM, then SIGKILL) when refreshing fails for longer than --grace.")
        String refresh;

        @Option(names = "--grace", paramLabel = "DURATION",
                description = "With --refresh: how long after the last successful refresh failures are tolerated "
                        + "(default: twice the refresh interval).")
        String grace;

        @Override
        public Integer call() throws Exception {
            if (refresh == null) {
                if (grace != null) {
                    throw new UsageException("--grace applies only with --refresh");
                }
                return runWithKey(connection, keyOptions, command);
            }
            Duration every = duration(refresh, "--refresh");
            if (every.isZero() || every.isNegative()) {
                throw new UsageException("--refresh must be positive");
            }
            Duration tolerated = grace == null ? every.multipliedBy(2) : duration(grace, "--grace");
            if (tolerated.isNegative()) {
                throw new UsageException("--grace must not be negative");
            }
            return RefreshedRun.run(agent(connection, keyOptions), command, every, tolerated, System.err);
        }

        private static Duration duration(String text, String option) throws UsageException {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "unlock-luks", mixinStandardHelpOptions = true,
            description = "Attest, release KEY and open the LUKS volume DEVICE as /dev/mapper/NAME "
                    + "(cryptsetup open --key-file=- DEVICE NAME, the key on cryptsetup's stdin).")
    static final class UnlockLuks implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Mixin
        KeyOptions keyOptions = new KeyOptions();

        @Parameters(index = "1", paramLabel = "DEVICE", description = "The LUKS device or image.")
        String device;

        @Parameters(index = "2", paramLabel = "NAME", description = "The name of the opened mapping.")
        String name;

        @Option(names = "--cryptsetup", paramLabel = "PATH", defaultValue = "cryptsetup",
                description = "The cryptsetup program (default: cryptsetup on PATH).")
        String cryptsetup;

        @Override
        public Integer call() throws Exception {
            return runWithKey(connection, keyOptions, List.of(cryptsetup, "open", "--key-file=-", device, name));
        }
    }

    /** Obtains the key and runs {@code command} with it on its standard input; returns the command's exit code. */
    static int runWithKey(Connection connection, KeyOptions keyOptions, List<String> command) throws Exception {
        byte[] material = obtainMaterial(connection, keyOptions);
        if (material == null) {
            return Main.NO;
        }
        return startWithKey(command, material).waitFor();
    }

    /**
     * Starts {@code command} (its stdout and stderr inherited), writes {@code material} to its standard input and
     * closes it; the array is cleared in all cases.
     */
    static Process startWithKey(List<String> command, byte[] material) throws UsageException {
        try {
            Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream stdin = child.getOutputStream()) {
                stdin.write(material);
            } catch (IOException e) {
                // The command closed its standard input without reading the key: its exit code says the rest.
            }
            return child;
        } catch (IOException e) {
            throw new UsageException("cannot start " + command.getFirst() + ": " + e.getMessage());
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    /** The key's bytes as handed on: raw for oct keys, PKCS#8 DER otherwise; null when the key has no encoding. */
    static byte[] encoded(ReleasedKey key) {
        return key.key().getEncoded();
    }

    /** Release responses accepted when their chain validates to a certificate in the PEM file {@code ca}. */
    static ReleaseResponseTrust trustAnchoredAt(Path ca) throws UsageException {
        try (InputStream in = Files.newInputStream(ca)) {
            List<X509Certificate> anchors = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.add((X509Certificate) c);
            }
            return ReleaseResponseTrust.anchoredAt(anchors);
        } catch (IOException | java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new UsageException("--ca " + ca + " holds no PEM certificate");
        }
    }

    /** The agent for {@code keyOptions.key}, after checking the options. */
    static KeyReleaseAgent agent(Connection connection, KeyOptions keyOptions) throws UsageException {
        if (!Files.isReadable(keyOptions.tokenFile)) {
            throw new UsageException("--token-file " + keyOptions.tokenFile + " is not readable");
        }
        return new KeyReleaseAgent(connection.tee(), connection.client(Optional.of(keyOptions.tokenFile)),
                connection.trust(), keyOptions.key, Optional.ofNullable(keyOptions.version));
    }

    /** The released key's bytes, or null after printing why it was not released. */
    static byte[] obtainMaterial(Connection connection, KeyOptions keyOptions) throws UsageException {
        KeyReleaseAgent agent = agent(connection, keyOptions);
        try {
            ReleasedKey key = agent.obtain();
            System.err.println("trustplane agent: released " + key.kid() + " (" + key.keyType() + ")");
            byte[] encoded = encoded(key);
            if (encoded == null) {
                throw new AgentException("the released key cannot be encoded");
            }
            return encoded;
        } catch (AgentException e) {
            System.err.println("trustplane agent: " + e.getMessage());
            return null;
        }
    }
}
