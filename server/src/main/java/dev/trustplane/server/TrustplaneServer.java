package dev.trustplane.server;

import dev.trustplane.server.auth.AdminToken;
import dev.trustplane.server.auth.BearerAuthentication;
import dev.trustplane.server.auth.ClientCertificates;
import dev.trustplane.server.auth.RoleAuthorizer;
import dev.trustplane.server.auth.TokenService;
import dev.trustplane.server.auth.rbac.AssignmentAuthorizer;
import dev.trustplane.server.auth.AuditTrail;
import dev.trustplane.server.auth.rbac.RbacRoutes;
import dev.trustplane.server.auth.rbac.RoleManagement;
import dev.trustplane.common.SecureFiles;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Bodies;
import dev.trustplane.server.http.DirectErrors;
import dev.trustplane.server.http.ErrorResponses;
import dev.trustplane.server.http.GlobalMappers;
import dev.trustplane.server.http.HttpMetrics;
import dev.trustplane.server.http.RequestIds;
import dev.trustplane.server.tls.DevCertificateAuthority;
import dev.trustplane.server.tls.ServerTls;
import dev.trustplane.server.tls.TlsException;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.kms.Kms;
import dev.trustplane.kms.KmsConfig;
import dev.trustplane.kms.KmsException;
import dev.trustplane.kms.MasterKeyProvider;
import dev.trustplane.kms.MasterKeys;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.Ledger;
import dev.trustplane.ledger.LedgerConfig;
import dev.trustplane.server.ledger.LedgerIdentity;
import dev.trustplane.server.attestation.AttestationRoutes;
import dev.trustplane.server.kms.KeysRoutes;
import dev.trustplane.server.ledger.LedgerRoutes;
import dev.trustplane.server.securitydomain.SecurityDomain;
import dev.trustplane.server.securitydomain.SecurityDomainRoutes;
import dev.trustplane.server.servicekeys.ServiceKeys;
import dev.trustplane.simulator.SimulatedRoots;
import dev.trustplane.server.ha.LeasedJobs;
import dev.trustplane.server.metrics.MeteredDecisionLog;
import dev.trustplane.server.ha.ReplicaId;
import dev.trustplane.store.Leases;
import dev.trustplane.store.Store;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreUrl;
import io.helidon.common.tls.Tls;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running HTTPS server: opens the store, prepares TLS material and the bootstrap admin token on first
 * start, and serves every API behind one authentication filter and one error shape.
 *
 * <p>Start-up checks everything that can be checked before writing anything (operator TLS files, the port,
 * the store URL), so a failed start leaves the data dir as it was.
 */
public final class TrustplaneServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrustplaneServer.class);
    /**
     * How often each replica claims the background jobs' leases and the holder runs them (purging expired deleted
     * keys, acting on rotation policies): one minute, or the JVM system property {@code trustplane.jobs.interval}
     * (e.g. {@code 5s}), for tests and operators who want faster take-over after a replica dies.
     */
    static final String JOBS_INTERVAL_PROPERTY = "trustplane.jobs.interval";

    private final WebServer web;
    /** What the server opened, closed in reverse order after the listener has drained. */
    private final Deque<AutoCloseable> components;
    private final Path caCertificate;

    private TrustplaneServer(WebServer web, Deque<AutoCloseable> components, Path caCertificate) {
        this.web = web;
        this.components = components;
        this.caCertificate = caCertificate;
    }

    /** Starts the server with the built-in APIs plus {@code apis}. */
    public static TrustplaneServer start(ServerConfig config, List<ApiRoutes> apis) throws StartupException {
        GlobalMappers.install();
        StoreUrl storeUrl = parseStoreUrl(config.store());
        ServerTls operatorTls = config.tlsCert().isPresent() ? loadTls(config.tlsCert().get(), config.tlsKey().get()) : null;
        ClientCertificates clientCertificates = config.clientCa().isPresent() ? loadClientCa(config.clientCa().get()) : null;
        ListenAddresses.warnIfPublic(config.host());
        requirePortFree(config.host(), config.port());
        prepareDataDir(config.dataDir());
        Store store = openStore(storeUrl, config.dataDir());
        Deque<AutoCloseable> components = new ArrayDeque<>();
        components.push(store);
        try {
            Path tlsDir = config.dataDir().resolve("tls");
            ServerTls tls = operatorTls != null ? operatorTls : devTls(tlsDir);
            Clock clock = Clock.systemUTC();
            RoleAuthorizer authorizer = dev.trustplane.server.auth.Roles.catalogue();
            TokenService tokens = new TokenService(store, authorizer, clock);
            AdminToken.ensure(config.dataDir(), tokens);
            RoleManagement rbac = RoleManagement.open(store, authorizer,
                    id -> tokens.list().stream().anyMatch(t -> t.id().equals(id)), clock);
            // The master key first: it also seals the service keys (ledger, attestation, key release). Opening the KMS
            // checks it is the master key this store's keys were sealed with (and says which one is expected) before
            // anything else tries to unseal.
            var masterKey = MasterKeys.open(config.masterKey(), config.dataDir(), System.getenv());
            components.push(masterKey);
            ServiceKeys serviceKeys = ServiceKeys.open(store, masterKey);
            var awaitingRecovery = new java.util.concurrent.atomic.AtomicBoolean();
            SecurityDomain securityDomain = null;
            Kms rawKms;
            if (config.securityDomain()) {
                // The KMS master key is then the security domain's, itself sealed by masterKey (see SecurityDomain);
                // whenever it is active the service keys get escrow copies under it (and a new data dir its copies back).
                securityDomain = SecurityDomain.open(config.dataDir(), masterKey,
                        domainKey -> Kms.open(store, domainKey, config.kms(), clock), config.kms(),
                        domainKey -> {
                            serviceKeys.escrowWith(domainKey);
                            return awaitingRecovery.get() ? "Restart the server to resume the ledger, attestation and "
                                    + "key release." : "";
                        });
                components.push(securityDomain);
                rawKms = securityDomain.kms();
            } else {
                rawKms = openKms(store, masterKey, config.kms(), clock);
            }
            List<ServiceKeys.Listed> locked = serviceKeys.unopenable();
            if (!locked.isEmpty()) {
                if (securityDomain == null || securityDomain.activated() || !ServiceKeys.escrowed(locked)) {
                    throw new StartupException("cannot start: " + serviceKeys.lockedMessage(locked));
                }
                awaitingRecovery.set(true);
                LOG.warn("AWAITING RECOVERY: this data dir is new and the store's service keys are escrowed under a "
                        + "security domain; only /securitydomain/upload and health are served until it is uploaded");
                PrometheusMeterRegistry metrics = newMetrics();
                var context = new ServerContext(store, tokens, new AssignmentAuthorizer(authorizer, rbac),
                        new Bodies(config.maxBodyBytes()), metrics, clock, new AuditTrail(record -> {
                            throw new dev.trustplane.ledger.LedgerException(dev.trustplane.ledger.LedgerException.Code.UNAVAILABLE,
                                    "the ledger waits for the security domain");
                        }));
                LeasedJobs jobs = LeasedJobs.start(Leases.open(store), ReplicaId.generate(), jobsInterval(), List.of());
                components.push(jobs);
                return listen(config, storeUrl, tls, clientCertificates, context, jobs, components, tlsDir, List.of(
                        new HealthRoutes(metrics, jobs), new SecurityDomainRoutes(securityDomain),
                        new dev.trustplane.server.securitydomain.AwaitingRecoveryRoutes()));
            }
            var ledgerSigner = LedgerIdentity.loadOrCreate(config.dataDir(), serviceKeys);
            Ledger ledger = Ledger.open(store, LedgerConfig.defaults(ledgerSigner.name())
                    .withBatching(config.ledgerBatching().maxEntries(), config.ledgerBatching().maxDelay()), ledgerSigner);
            components.push(ledger);
            PrometheusMeterRegistry metrics = newMetrics();
            DecisionLog decisions = new MeteredDecisionLog(DecisionLog.of(ledger), metrics);
            Kms kms = dev.trustplane.server.kms.AuditedKms.wrap(rawKms, decisions);
            LeasedJobs jobs = LeasedJobs.start(Leases.open(store), ReplicaId.generate(), jobsInterval(), List.of(
                    new LeasedJobs.Job("kms.purge", kms::purgeExpired),
                    new LeasedJobs.Job("kms.rotation", kms::rotateDue)));
            components.push(jobs);
            jobs.bindTo(metrics);
            var context = new ServerContext(store, tokens, new AssignmentAuthorizer(authorizer, rbac),
                    new Bodies(config.maxBodyBytes()), metrics, clock, new AuditTrail(DecisionLog.of(ledger)));
            List<ApiRoutes> all = new ArrayList<>();
            all.add(new HealthRoutes(metrics, jobs));
            all.add(new dev.trustplane.server.auth.TokenRoutes());
            all.add(new RbacRoutes(rbac, context.audit())); // before the keys API: it claims /keys/{scope}/providers/...
            all.add(new LedgerRoutes(ledger, config.ledgerPublicReads()));
            if (securityDomain != null) {
                all.add(new SecurityDomainRoutes(securityDomain));
                all.add(new dev.trustplane.server.backup.BackupRoutes(securityDomain));
            }
            var attestation = new AttestationRoutes(config.dataDir(), serviceKeys, attestationTrust(config.simulatedTrust()),
                    decisions, config.attestation());
            all.add(new KeysRoutes(kms, new KeysRoutes.Release(config.dataDir(), serviceKeys,
                    () -> attestation.tokens().publicKeys(), config.trustedAuthorities(), config.simulatedTrust(), decisions)));
            all.add(attestation);
            all.addAll(apis);
            return listen(config, storeUrl, tls, clientCertificates, context, jobs, components, tlsDir, all);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            closeAll(components);
            throw new StartupException("cannot start: " + e.getMessage(), e);
        } catch (StartupException e) {
            closeAll(components);
            throw e;
        }
    }

    private static TrustplaneServer listen(ServerConfig config, StoreUrl storeUrl, ServerTls tls,
            ClientCertificates clientCertificates, ServerContext context, LeasedJobs jobs, Deque<AutoCloseable> components,
            Path tlsDir, List<ApiRoutes> all) throws StartupException {
        WebServer web = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .tls(tls(tls, clientCertificates))
                .maxPayloadSize(config.maxBodyBytes())
                .shutdownGracePeriod(config.drainTimeout())
                .shutdownHook(false)
                .directHandlers(DirectErrors.handlers())
                .routing(routing -> buildRouting(routing, context, all, config))
                .build()
                .start();
        LOG.info("Trustplane listening on https://{}:{} (store: {}, data dir: {}, replica: {})", config.host(),
                web.port(), storeUrl, config.dataDir().toAbsolutePath(), jobs.replica());
        return new TrustplaneServer(web, components, tlsDir.resolve(DevCertificateAuthority.CA_CERT));
    }

    private static void buildRouting(HttpRouting.Builder routing, ServerContext context, List<ApiRoutes> apis,
            ServerConfig config) {
        // Exact paths in a set and the few prefixes ("…/") in a list: checked on every request.
        List<String> publicPaths = apis.stream().flatMap(a -> a.publicPaths().stream()).toList();
        java.util.Set<String> exact = publicPaths.stream().filter(p -> !p.endsWith("/")).collect(java.util.stream.Collectors.toUnmodifiableSet());
        List<String> prefixes = publicPaths.stream().filter(p -> p.endsWith("/")).toList();
        Predicate<String> isPublic = path -> {
            if (exact.contains(path)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
        var auth = new BearerAuthentication(context.tokens(), isPublic, config.host() + ":" + config.port(),
                context.metrics(), context.clock(), config.clientCa().isPresent());
        var httpMetrics = new HttpMetrics(context.metrics());
        routing.addFilter(RequestIds::filter);
        routing.addFilter(httpMetrics::filter);
        routing.addFilter(auth::filter);
        routing.error(ApiException.class, (req, res, e) -> ErrorResponses.send(res, e));
        routing.error(Throwable.class, (req, res, e) -> {
            String id = RequestIds.of(req);
            if (StoreException.isUnavailable(e)) {
                // The database is down or restarting (a failover, a restart): the request may succeed if retried,
                // so 503 as Key Vault answers when it is unavailable, and one log line, not a stack trace per request.
                LOG.warn("request {} {} failed: the store is unavailable (request id {}): {}", req.prologue().method().text(),
                        req.path().path(), id, e instanceof StoreException s ? s.getMessage() : e.getClass().getSimpleName());
                ErrorResponses.send(res, Status.SERVICE_UNAVAILABLE_503, "ServiceUnavailable",
                        "The service's database is unavailable; retry later (request id " + id + ").");
                return;
            }
            LOG.error("request {} {} failed (request id {})", req.prologue().method().text(), req.path().path(), id, e);
            ErrorResponses.send(res, Status.INTERNAL_SERVER_ERROR_500, "InternalError",
                    "The server failed to process the request (request id " + id + ").");
        });
        for (ApiRoutes api : apis) {
            api.register(routing, context);
        }
        routing.any((req, res) -> ErrorResponses.send(res, Status.NOT_FOUND_404, "NotFound",
                "No API at " + req.prologue().method().text() + " " + req.path().path() + "."));
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return web.port();
    }

    /** The development CA certificate clients trust (present unless the operator supplied TLS material). */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Stops accepting connections, lets in-flight requests finish (bounded), then closes the store. */
    @Override
    public void close() {
        LOG.info("stopping: draining in-flight requests");
        web.stop();
        closeAll(components);
        LOG.info("stopped");
    }

    private static void closeAll(Deque<AutoCloseable> components) {
        while (!components.isEmpty()) {
            AutoCloseable component = components.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Production trusts the vendor roots pinned in code; simulated adds the simulator's roots, loudly. */
    private static TrustProfile attestationTrust(boolean simulated) {
        if (!simulated) {
            return TrustProfile.production();
        }
        LOG.warn("TRUST PROFILE 'simulated': attestation also accepts evidence signed by the simulator's PUBLIC roots. "
                + "Tokens carry x-trustplane-simulated: true. Never use this in production.");
        var anchors = new ArrayList<>(TrustProfile.production().anchors());
        anchors.addAll(SimulatedRoots.standard().trustProfile().anchors());
        anchors.add(dev.trustplane.simulator.SimulatedIntel.standard().anchor());
        return TrustProfile.simulated(anchors);
    }

    private static Kms openKms(Store store, MasterKeyProvider masterKey, KmsConfig kmsConfig, Clock clock) throws StartupException {
        try {
            return Kms.open(store, masterKey, kmsConfig, clock);
        } catch (KmsException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static java.time.Duration jobsInterval() throws StartupException {
        String setting = System.getProperty(JOBS_INTERVAL_PROPERTY);
        if (setting == null) {
            return java.time.Duration.ofMinutes(1);
        }
        try {
            return dev.trustplane.server.config.Durations.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new StartupException(JOBS_INTERVAL_PROPERTY + ": " + e.getMessage());
        }
    }

    private static StoreUrl parseStoreUrl(String text) throws StartupException {
        try {
            return StoreUrl.parse(text);
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The listener's TLS: with a client CA bundle, a client certificate is asked for (optional; tokens still work). */
    private static Tls tls(ServerTls identity, ClientCertificates clients) throws StartupException {
        var builder = Tls.builder().enabledProtocols(ServerTls.PROTOCOLS);
        if (clients == null) {
            return builder.sslContext(identity.sslContext()).build();
        }
        try {
            return builder.sslContext(identity.sslContext(clients.trustManager()))
                    .clientAuth(io.helidon.common.tls.TlsClientAuth.OPTIONAL).build();
        } catch (TlsException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static ClientCertificates loadClientCa(Path bundle) throws StartupException {
        try {
            ClientCertificates loaded = ClientCertificates.load(bundle);
            LOG.info("client certificates issued by the {} CA(s) in {} authenticate callers", loaded.size(), bundle);
            return loaded;
        } catch (TlsException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static ServerTls loadTls(Path cert, Path key) throws StartupException {
        try {
            return ServerTls.load(cert, key);
        } catch (TlsException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static ServerTls devTls(Path tlsDir) throws StartupException, IOException, GeneralSecurityException {
        if (DevCertificateAuthority.createIfAbsent(tlsDir)) {
            LOG.info("created a development CA; clients trust {}", tlsDir.resolve(DevCertificateAuthority.CA_CERT));
        }
        return loadTls(tlsDir.resolve(DevCertificateAuthority.SERVER_CERT), tlsDir.resolve(DevCertificateAuthority.SERVER_KEY));
    }

    private static void prepareDataDir(Path dir) throws StartupException {
        try {
            SecureFiles.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + dir + ": " + e.getClass().getSimpleName());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir) || !Files.isReadable(dir)) {
            throw new StartupException("data dir " + dir + " is not a readable and writable directory");
        }
    }

    private static void requirePortFree(String host, int port) throws StartupException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private static Store openStore(StoreUrl url, Path dataDir) throws StartupException {
        try {
            Store store = Store.open(url, dataDir);
            store.migrate("server", TokenService.MIGRATIONS);
            return store;
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static PrometheusMeterRegistry newMetrics() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
