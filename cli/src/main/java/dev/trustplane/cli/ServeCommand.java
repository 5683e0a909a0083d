package dev.trustplane.cli;

import dev.trustplane.server.ServerConfig;
import dev.trustplane.server.TrustplaneServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trustplane serve}: runs the HTTPS server until SIGTERM or SIGINT, then drains and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Trustplane HTTPS server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    AttestationOptions attestation;

    @Mixin
    KmsOptions kms;

    @Mixin
    LedgerOptions ledger;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8443).")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Your certificate chain (PEM) instead of the development CA.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key (PEM) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest request body (default 1MiB).")
    String maxBody;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long in-flight requests may finish on shutdown (default 10s).")
    String drainTimeout;

    @Option(names = "--trust", paramLabel = "PROFILE",
            description = "Attestation roots: production (default; AMD roots pinned in code) or simulated (adds the simulator's roots; for demos and tests only).")
    String trust;

    @Option(names = "--trusted-authority", paramLabel = "URL[,ca=FILE][,pin=FILE]",
            description = "An external attestation service (e.g. an Azure Attestation instance) whose tokens key release accepts; repeatable. ca= adds a CA for fetching its metadata, pin= accepts only this signing certificate.")
    List<String> trustedAuthorities;

    @Option(names = "--master-key", paramLabel = "SETTING",
            description = "KMS master key: file (default; a key file in the data dir, for laptops) or "
                    + "pkcs11:library=SO,slot=ID|slot-index=N,key-label=L,pin-file=F|pin-env=VAR[,create-key=true] "
                    + "(the key stays in the HSM; never put the PIN itself here). Env TRUSTPLANE_MASTER_KEY.")
    String masterKey;

    @Option(names = "--ledger-reads", paramLabel = "WHO",
            description = "Who may read the ledger's checkpoint and tiles: public (default; as C2SP witnesses and monitors expect) or authenticated (a token with ledger read access).")
    String ledgerReads;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "CA certificates (PEM) whose client certificates authenticate callers over mutual TLS, mapped to principals x509:uri|dns|email|cn:NAME that role assignments name (env TRUSTPLANE_CLIENT_CA).")
    Path clientCa;

    @Option(names = "--security-domain", paramLabel = "MODE",
            description = "none (default) or required: start unactivated until an Administrator downloads or uploads a "
                    + "security domain; the KMS master key is then the domain's (docs/security-domain.md).")
    String securityDomain;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = common.toServerConfig(listen, tlsCert, tlsKey, maxBody, drainTimeout, trust, masterKey,
                ledgerReads, System.getenv())
                .withTrustedAuthorities(common.trustedAuthorities(trustedAuthorities, System.getenv()))
                .withAttestation(attestation.settings(common.config, CommonOptions.KEYS, System.getenv()))
                .withKms(kms.settings(common.config, CommonOptions.KEYS, System.getenv()))
                .withLedgerBatching(ledger.settings(common.config, CommonOptions.KEYS, System.getenv()))
                .withClientCa(common.clientCa(clientCa, System.getenv()))
                .withSecurityDomain(securityDomainRequired(Settings.load(common.config, CommonOptions.KEYS, System.getenv())
                        .get("security-domain", securityDomain, "none")));
        TrustplaneServer server = TrustplaneServer.start(config, List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            Main.flushLogs();
            // An orderly shutdown on SIGTERM is a success: report 0, not the signal's 143.
            Runtime.getRuntime().halt(0);
        }, "trustplane-shutdown"));
        stopped.await();
        return 0;
    }

    private static boolean securityDomainRequired(String mode) throws UsageException {
        return switch (mode) {
            case "none" -> false;
            case "required" -> true;
            default -> throw new UsageException("security-domain must be none or required, got '" + mode + "'");
        };
    }
}
