package dev.trustplane.server.attestation;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.server.servicekeys.ServiceKeys;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.ErrorResponses;
import io.helidon.http.Status;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Azure Attestation's data plane: {@code POST /attest/SevSnpVm}, {@code /attest/TdxVm},
 * {@code /attest/SgxEnclave}, {@code /attest/OpenEnclave}, Trustplane's {@code POST /attest/AzureCvm} (shapes in
 * {@link AttestBodies}), {@code GET /certs}, {@code GET
 * /.well-known/openid-configuration}, and the policy administration of {@link PolicyAdminHandlers}. Routes only
 * adapt HTTP; {@link Attester} decides.
 *
 * <p>Authorization follows MAA's model: attesting is unauthenticated (MAA's shared providers take no token, and
 * since 2020-10-01 no Entra token is required to attest — MAA-API.md §2.2), because the evidence itself is the
 * credential and a workload at boot has no other. The signing keys and metadata are public. Reading a policy needs
 * {@value #POLICY_READ}; replacing one needs {@value #POLICY_WRITE}. Every attestation and policy change is
 * recorded in the {@link DecisionLog}; attest callers are recorded as {@code anonymous}.
 *
 * <p>Policies are uploaded unsigned ({@code alg: none}) or signed; once a policy-management certificate is
 * registered, only signed changes are accepted (MAA's isolated mode; see {@link PolicyAdminHandlers}).
 */
public final class AttestationRoutes implements ApiRoutes {
    /** Action to read an attestation policy. */
    public static final String POLICY_READ = "Trustplane/attestation/policy/read";
    /** Action to replace an attestation policy. */
    public static final String POLICY_WRITE = "Trustplane/attestation/policy/write";
    /** Action to roll the token-signing key over. */
    public static final String KEY_ROLLOVER = "Trustplane/attestation/signing-key/rollover";
    /** The collateral cache under the data dir, the one {@code trustplane collateral import} fills. */
    public static final String COLLATERAL_DIR = "collateral";
    private static final Logger LOG = LoggerFactory.getLogger(AttestationRoutes.class);

    private final Path dataDir;
    private final ServiceKeys keys;
    private final TrustProfile profile;
    private final DecisionLog log;
    private final AttestationSettings settings;
    private volatile AttestationTokens tokens;

    /**
     * @param dataDir the server's data dir (offline collateral; token-signing key files of older versions)
     * @param keys    the token-signing keys (the store's, shared by replicas)
     * @param profile which roots evidence must chain to; {@link TrustProfile#production()} outside tests and demos
     * @param log     where every verdict and policy change is recorded
     */
    public AttestationRoutes(Path dataDir, ServiceKeys keys, TrustProfile profile, DecisionLog log,
            AttestationSettings settings) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The data dir's collateral cache, filling itself from the vendors' services only if the operator allows it. */
    private CollateralStore collateralStore() {
        Path cache = dataDir.resolve(COLLATERAL_DIR);
        if (settings.onlineCollateral().isEmpty()) {
            return CollateralStore.offline(cache);
        }
        LOG.info("attestation fetches missing collateral from {}", settings.onlineCollateral().get());
        return settings.onlineCollateral().get().store(cache);
    }

    @Override
    public List<String> publicPaths() {
        return List.of("/attest/", "/certs", "/.well-known/openid-configuration");
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        try {
            tokens = AttestationTokens.open(StoredSigningKeys.importing(keys, dataDir), context.clock(),
                    settings.tokenLifetime(), AttestationTokens.DEFAULT_REFRESH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (profile.kind() == TrustProfile.Kind.SIMULATED) {
            LOG.warn("ATTESTATION TRUSTS SIMULATED EVIDENCE: tokens carry x-trustplane-simulated=true; never use in production");
        }
        var policies = new PolicyStore(context.store(), context.clock());
        var attester = new Attester(profile, settings.evidenceClock().orElse(context.clock()), tokens, policies, log,
                Optional.of(collateralStore()));
        var throttle = new AttestThrottle(settings.attestPerMinute(), settings.attestBurst(), context.clock());
        context.metrics().counter("trustplane.attest.throttled"); // exists from the start, at 0, for alert rules
        routing.post("/attest/{type}", (req, res) -> {
            var wait = throttle.acquire(req.remotePeer().host());
            if (wait.isPresent()) {
                context.metrics().counter("trustplane.attest.throttled").increment();
                res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000)));
                ErrorResponses.send(res, Status.TOO_MANY_REQUESTS_429, "TooManyRequests", "Too many attestation "
                        + "requests from this address; retry after the number of seconds in Retry-After.");
                return;
            }
            // Every attestation that gets this far records its verdict: the ledger may hold a batch for it meanwhile.
            log.expectingAppend(() -> attest(req, res, context, attester));
        });
        routing.get("/certs", (req, res) -> AttestationHttp.sendAs(res,
                HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/jwk+json"), tokens.jwks()));
        routing.get("/.well-known/openid-configuration", (req, res) -> AttestationHttp.send(res, openIdMetadata(req)));
        var admin = new PolicyAdminHandlers(tokens, policies, new PolicyCertificateStore(context.store(), context.clock()), log);
        routing.get("/policies/{type}", (req, res) -> admin.getPolicy(req, res, context));
        routing.put("/policies/{type}", (req, res) -> admin.putPolicy(req, res, context));
        routing.post("/policies/{type}", (req, res) -> admin.resetPolicy(req, res, context));
        routing.get("/certificates", (req, res) -> admin.listCertificates(req, res, context));
        routing.post("/certificates:add", (req, res) -> admin.addCertificate(req, res, context));
        routing.post("/certificates:remove", (req, res) -> admin.removeCertificate(req, res, context));
        routing.post("/admin/attestation/signing-keys:rollover", (req, res) -> rollover(req, res, context));
    }

    /**
     * {@code POST /admin/attestation/signing-keys:rollover?activate-in=DURATION} (default 1h): a new token-signing
     * key, in {@code /certs} at once, signing after {@code activate-in} (see {@link AttestationTokens#rollover}).
     */
    private void rollover(ServerRequest req, ServerResponse res, ServerContext context) {
        var caller = context.require(req, KEY_ROLLOVER, "/admin/attestation/signing-keys");
        java.time.Duration activateIn;
        try {
            activateIn = dev.trustplane.server.config.Durations.parse(RequestParams.query(req, "activate-in").orElse("1h"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidDuration", "activate-in must be a duration such as 0s, 30m or 1h.");
        }
        String kid;
        try {
            kid = tokens.rollover(activateIn);
        } catch (IOException e) {
            LOG.error("attestation key rollover failed", e);
            throw new ApiException(Status.INTERNAL_SERVER_ERROR_500, "RolloverFailed", "The new key could not be stored.");
        }
        String activatesAt = tokens.activation(kid).orElseThrow().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kid", kid);
        fields.put("activatesAt", activatesAt);
        fields.put("caller", caller.id());
        log.append(new dev.trustplane.ledger.DecisionRecord("attestation.signing-key-rollover", fields));
        AttestationHttp.send(res, Map.of("kid", kid, "activatesAt", activatesAt));
    }

    /** The signer, once registered (for wiring and tests). */
    public AttestationTokens tokens() {
        return Objects.requireNonNull(tokens, "routes are not registered yet");
    }

    private void attest(ServerRequest req, ServerResponse res, ServerContext context, Attester attester) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = type(req);
        boolean explain = Explain.requested(req);
        var body = context.bodies().readJson(req);
        AttestRequest request = switch (type) {
            case SEV_SNP_VM -> AttestBodies.sevSnpVm(body);
            case AZURE_CVM -> AttestBodies.azureCvm(body);
            case TDX_VM -> AttestBodies.tdxVm(body);
            case SGX_ENCLAVE -> AttestBodies.sgxEnclave(body);
            case OPEN_ENCLAVE -> AttestBodies.openEnclave(body);
        };
        if (explain) {
            Explain.authorize(req, context, request.draftPolicy().isPresent());
        }
        Attester.Attested attested;
        try {
            attested = attester.attest(request, AttestationHttp.issuer(req), "anonymous");
        } catch (Attester.Refused e) {
            if (explain && e.explanation().isPresent()) {
                Explain.sendRefusal(res, e, e.explanation().get());
                return;
            }
            throw e;
        }
        if (explain) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", attested.token());
            answer.put("explanation", Explain.json(attested.explanation()));
            AttestationHttp.send(res, answer);
        } else {
            AttestationHttp.send(res, Map.of("token", attested.token()));
        }
    }

    private static Map<String, Object> openIdMetadata(ServerRequest req) {
        String issuer = AttestationHttp.issuer(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("jwks_uri", issuer + "/certs");
        m.put("response_types_supported", List.of("token", "none"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("revocation_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        m.put("claims_supported", List.of("iss", "iat", "nbf", "exp", "jti", "nonce", "x-ms-ver",
                "x-ms-attestation-type", "x-ms-policy-hash", "x-ms-runtime", "x-ms-inittime"));
        return m;
    }

    /** {@code alg: none} JWS of {@code {"AttestationPolicy": base64url(text)}}, as MAA returns policies. */
    static String unsignedPolicyJwt(String text) {
        return PolicyAdminHandlers.unsignedPolicyJwt(text);
    }

    private static AttestationType type(ServerRequest req) {
        return AttestationHttp.type(req.path().pathParameters().get("type"));
    }
}
