package dev.trustplane.server;

import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.release.TrustedAuthority;
import dev.trustplane.server.attestation.AttestationSettings;
import dev.trustplane.server.config.LedgerBatching;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated server settings. Built once at start by the CLI from flags, environment and config file,
 * then never changed.
 *
 * @param dataDir where the server keeps its database (SQLite), TLS material and admin token
 * @param host the address to listen on
 * @param port the TCP port, 0 for an ephemeral one (tests)
 * @param store the store location: {@code sqlite}, {@code sqlite:PATH} or a PostgreSQL URL
 * @param tlsCert the operator's certificate chain (PEM); empty means the development CA in the data dir
 * @param tlsKey the operator's private key (PEM), given together with {@code tlsCert}
 * @param maxBodyBytes requests with a larger body are refused with 413
 * @param drainTimeout how long in-flight requests may finish after SIGTERM
 * @param simulatedTrust whether attestation also trusts the simulator's roots (never in production)
 * @param masterKey the KMS master key: {@code file} (default) or {@code pkcs11:...} (see {@code kms.Pkcs11Config})
 * @param trustedAuthorities external attestation services whose tokens secure key release accepts, besides this
 *                           server's own
 * @param ledgerPublicReads whether the C2SP tlog-tiles reads ({@code /ledger/checkpoint}, {@code /ledger/tile/…})
 *                          are open to everyone (the default, as witnesses and monitors expect) or need a
 *                          token with ledger read access
 * @param attestation attestation token lifetime and {@code /attest} rate limit
 * @param clientCa a PEM bundle of CAs whose client certificates authenticate callers (mutual TLS, see
 *                 {@code auth.ClientCertificates}); empty: bearer tokens only, no client certificate is asked for
 * @param securityDomain whether the KMS master key is a security domain's ({@code --security-domain required}): the
 *                       server then starts unactivated until an Administrator downloads or uploads the domain
 * @param kms the KMS's vault settings, among them the opened-key cache ({@code --key-cache-size}, {@code --key-cache-ttl})
 * @param ledgerBatching how the ledger groups appends into commits ({@code --ledger-batch-size}, {@code --ledger-batch-delay})
 */
public record ServerConfig(Path dataDir, String host, int port, String store, Optional<Path> tlsCert,
        Optional<Path> tlsKey, long maxBodyBytes, Duration drainTimeout, boolean simulatedTrust, String masterKey,
        List<TrustedAuthority> trustedAuthorities, boolean ledgerPublicReads, AttestationSettings attestation,
        Optional<Path> clientCa, boolean securityDomain, KmsConfig kms, LedgerBatching ledgerBatching) {

    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 256L * 1024 * 1024) {
            throw new IllegalArgumentException("max body size must be between 1 KiB and 256 MiB, got " + maxBodyBytes);
        }
        if (drainTimeout.isNegative() || drainTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("drain timeout must be between 0 and 10 minutes");
        }
        dev.trustplane.kms.MasterKeys.validate(Objects.requireNonNull(masterKey, "masterKey"));
        trustedAuthorities = List.copyOf(trustedAuthorities);
        Objects.requireNonNull(attestation, "attestation");
        Objects.requireNonNull(clientCa, "clientCa");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(ledgerBatching, "ledgerBatching");
    }

    /** Settings with the default KMS and ledger batching settings. */
    public ServerConfig(Path dataDir, String host, int port, String store, Optional<Path> tlsCert,
            Optional<Path> tlsKey, long maxBodyBytes, Duration drainTimeout, boolean simulatedTrust, String masterKey,
            List<TrustedAuthority> trustedAuthorities, boolean ledgerPublicReads, AttestationSettings attestation,
            Optional<Path> clientCa, boolean securityDomain) {
        this(dataDir, host, port, store, tlsCert, tlsKey, maxBodyBytes, drainTimeout, simulatedTrust, masterKey,
                trustedAuthorities, ledgerPublicReads, attestation, clientCa, securityDomain, KmsConfig.defaults(),
                LedgerBatching.DEFAULT);
    }

    /** Settings without client-certificate authentication or a security domain. */
    public ServerConfig(Path dataDir, String host, int port, String store, Optional<Path> tlsCert,
            Optional<Path> tlsKey, long maxBodyBytes, Duration drainTimeout, boolean simulatedTrust, String masterKey,
            List<TrustedAuthority> trustedAuthorities, boolean ledgerPublicReads, AttestationSettings attestation) {
        this(dataDir, host, port, store, tlsCert, tlsKey, maxBodyBytes, drainTimeout, simulatedTrust, masterKey,
                trustedAuthorities, ledgerPublicReads, attestation, Optional.empty(), false);
    }

    /**
     * Settings with the default ({@code file}) master key, no external trusted authorities, public ledger reads and
     * default attestation settings.
     */
    public ServerConfig(Path dataDir, String host, int port, String store, Optional<Path> tlsCert,
            Optional<Path> tlsKey, long maxBodyBytes, Duration drainTimeout, boolean simulatedTrust) {
        this(dataDir, host, port, store, tlsCert, tlsKey, maxBodyBytes, drainTimeout, simulatedTrust,
                dev.trustplane.kms.MasterKeys.FILE, List.of(), true, AttestationSettings.defaults());
    }

    /** Defaults for everything but the data dir, listening on an ephemeral loopback port: for tests. */
    public static ServerConfig forTests(Path dataDir) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, "sqlite", Optional.empty(), Optional.empty(),
                DEFAULT_MAX_BODY, Duration.ofSeconds(5), false);
    }

    public ServerConfig withStore(String newStore) {
        return edit(b -> b.store = newStore);
    }

    public ServerConfig withSimulatedTrust(boolean simulated) {
        return edit(b -> b.simulatedTrust = simulated);
    }

    public ServerConfig withMasterKey(String setting) {
        return edit(b -> b.masterKey = setting);
    }

    public ServerConfig withTrustedAuthorities(List<TrustedAuthority> authorities) {
        return edit(b -> b.trustedAuthorities = authorities);
    }

    public ServerConfig withLedgerPublicReads(boolean open) {
        return edit(b -> b.ledgerPublicReads = open);
    }

    public ServerConfig withAttestation(AttestationSettings settings) {
        return edit(b -> b.attestation = settings);
    }

    public ServerConfig withClientCa(Optional<Path> bundle) {
        return edit(b -> b.clientCa = bundle);
    }

    public ServerConfig withSecurityDomain(boolean required) {
        return edit(b -> b.securityDomain = required);
    }

    public ServerConfig withLedgerBatching(LedgerBatching settings) {
        return edit(b -> b.ledgerBatching = settings);
    }

    public ServerConfig withKms(KmsConfig settings) {
        return edit(b -> b.kms = settings);
    }

    /** A copy with the changes {@code change} makes, validated like any other. */
    private ServerConfig edit(java.util.function.Consumer<Copy> change) {
        var b = new Copy(this);
        change.accept(b);
        return new ServerConfig(b.dataDir, b.host, b.port, b.store, b.tlsCert, b.tlsKey, b.maxBodyBytes,
                b.drainTimeout, b.simulatedTrust, b.masterKey, b.trustedAuthorities, b.ledgerPublicReads,
                b.attestation, b.clientCa, b.securityDomain, b.kms, b.ledgerBatching);
    }

    /**
     * The components as mutable fields, so each {@code with…} names only what it changes and a new setting is
     * one field here rather than an edit of every {@code with…}.
     */
    private static final class Copy {
        Path dataDir;
        String host;
        int port;
        String store;
        Optional<Path> tlsCert;
        Optional<Path> tlsKey;
        long maxBodyBytes;
        Duration drainTimeout;
        boolean simulatedTrust;
        String masterKey;
        List<TrustedAuthority> trustedAuthorities;
        boolean ledgerPublicReads;
        AttestationSettings attestation;
        Optional<Path> clientCa;
        boolean securityDomain;
        KmsConfig kms;
        LedgerBatching ledgerBatching;

        Copy(ServerConfig c) {
            dataDir = c.dataDir;
            host = c.host;
            port = c.port;
            store = c.store;
            tlsCert = c.tlsCert;
            tlsKey = c.tlsKey;
            maxBodyBytes = c.maxBodyBytes;
            drainTimeout = c.drainTimeout;
            simulatedTrust = c.simulatedTrust;
            masterKey = c.masterKey;
            trustedAuthorities = c.trustedAuthorities;
            ledgerPublicReads = c.ledgerPublicReads;
            attestation = c.attestation;
            clientCa = c.clientCa;
            securityDomain = c.securityDomain;
            kms = c.kms;
            ledgerBatching = c.ledgerBatching;
        }
    }
}
