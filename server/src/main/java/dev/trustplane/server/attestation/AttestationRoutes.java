package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.PolicyUpload;
import dev.trustplane.attestation.PolicyUploadException;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Azure Attestation's data plane: {@code POST /attest/SevSnpVm}, Trustplane's {@code POST
 * /attest/AzureCvm} (shape in {@link AttestBodies}), {@code GET /certs}, {@code GET
 * /.well-known/openid-configuration}, {@code GET|PUT /policies/{type}}, {@code POST /policies/{type}:reset}. Routes only adapt HTTP; {@link Attester}
 * decides.
 *
 * <p>Authorization follows MAA's model: attesting is unauthenticated (MAA's shared providers take no token, and
 * since 2020-10-01 no Entra token is required to attest — MAA-API.md §2.2), because the evidence itself is the
 * credential and a workload at boot has no other. The signing keys and metadata are public. Reading a policy needs
 * {@value #POLICY_READ}; replacing one needs {@value #POLICY_WRITE}. Every attestation and policy change is
 * recorded in the {@link DecisionLog}; attest callers are recorded as {@code anonymous}.
 *
 * <p>Policy upload takes the unsigned JWT form ({@code alg: none}) only for now; signed policies and the
 * policy-management certificates are still to come (issue 6).
 */
public final class AttestationRoutes implements ApiRoutes {
    /** Action to read an attestation policy. */
    public static final String POLICY_READ = "Trustplane/attestation/policy/read";
    /** Action to replace an attestation policy. */
    public static final String POLICY_WRITE = "Trustplane/attestation/policy/write";
    private static final Logger LOG = LoggerFactory.getLogger(AttestationRoutes.class);

    private final Path dataDir;
    private final TrustProfile profile;
    private final DecisionLog log;
    private volatile AttestationTokens tokens;

    /**
     * @param dataDir the server's data dir (the token-signing key lives in {@code attestation/})
     * @param profile which roots evidence must chain to; {@link TrustProfile#production()} outside tests and demos
     * @param log where every verdict and policy change is recorded
     */
    public AttestationRoutes(Path dataDir, TrustProfile profile, DecisionLog log) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public List<String> publicPaths() {
        return List.of("/attest/", "/certs", "/.well-known/openid-configuration");
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        try {
            tokens = AttestationTokens.loadOrCreate(dataDir, context.clock());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (profile.kind() == TrustProfile.Kind.SIMULATED) {
            LOG.warn("ATTESTATION TRUSTS SIMULATED EVIDENCE: tokens carry x-trustplane-simulated=true; never use in production");
        }
        var policies = new PolicyStore(context.store(), context.clock());
        var attester = new Attester(profile, context.clock(), tokens, policies, log);
        routing.post("/attest/{type}", (req, res) -> attest(req, res, context, attester));
        routing.get("/certs", (req, res) -> AttestationHttp.sendAs(res,
                HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/jwk+json"), tokens.jwks()));
        routing.get("/.well-known/openid-configuration", (req, res) -> AttestationHttp.send(res, openIdMetadata(req)));
        routing.get("/policies/{type}", (req, res) -> getPolicy(req, res, context, policies));
        routing.put("/policies/{type}", (req, res) -> putPolicy(req, res, context, policies));
        routing.post("/policies/{type}", (req, res) -> resetPolicy(req, res, context, policies));
    }

    /** The signer, once registered (for wiring and tests). */
    public AttestationTokens tokens() {
        return Objects.requireNonNull(tokens, "routes are not registered yet");
    }

    private void attest(ServerRequest req, ServerResponse res, ServerContext context, Attester attester) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = type(req);
        var body = context.bodies().readJson(req);
        AttestRequest request = switch (type) {
            case SEV_SNP_VM -> AttestBodies.sevSnpVm(body);
            case AZURE_CVM -> AttestBodies.azureCvm(body);
            default -> throw ApiException.badRequest("UnsupportedAttestationType",
                    "Attestation type " + type.routeName() + " is not served yet; served: SevSnpVm, AzureCvm.");
        };
        String token = attester.attest(request, AttestationHttp.issuer(req), "anonymous");
        AttestationHttp.send(res, Map.of("token", token));
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

    private void getPolicy(ServerRequest req, ServerResponse res, ServerContext context, PolicyStore policies) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = type(req);
        context.require(req, POLICY_READ, "/policies/" + type.routeName());
        AttestationPolicy policy = policies.current(type);
        res.header(HeaderValues.create("x-ms-policy-hash", policy.hash()));
        AttestationHttp.send(res, Map.of("token", tokens.issue(AttestationHttp.issuer(req),
                Map.of("x-ms-policy", unsignedPolicyJwt(policy.text())))));
    }

    private void putPolicy(ServerRequest req, ServerResponse res, ServerContext context, PolicyStore policies) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = type(req);
        var caller = context.require(req, POLICY_WRITE, "/policies/" + type.routeName());
        String body = new String(context.bodies().readBytes(req), StandardCharsets.UTF_8).strip();
        if (body.startsWith("\"") && body.endsWith("\"") && body.length() >= 2) {
            body = body.substring(1, body.length() - 1);
        }
        PolicyUpload upload;
        AttestationPolicy policy;
        try {
            upload = PolicyUpload.parse(body);
            if (upload.form() != PolicyUpload.Form.UNSIGNED_JWT) {
                throw ApiException.badRequest("InvalidPolicyForm", "Only unsigned policy JWTs (alg none) with payload "
                        + "{\"AttestationPolicy\": base64url(text)} are accepted for now; got " + upload.form() + ".");
            }
            policy = AttestationPolicy.parse(upload.policyText());
        } catch (PolicyUploadException e) {
            throw ApiException.badRequest("InvalidPolicyJwt", "The policy JWT is malformed: " + e.getMessage());
        } catch (PolicyParseException e) {
            throw ApiException.badRequest("InvalidPolicy", "The policy does not parse: " + e.getMessage());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("attestationType", type.routeName());
        fields.put("policyHash", policy.hash());
        fields.put("caller", caller.id());
        log.append(new DecisionRecord("attestation.policy-set", fields));
        policies.put(type, policy);
        res.header(HeaderValues.create("x-ms-policy-hash", policy.hash()));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("x-ms-policy-result", "Updated");
        claims.put("x-ms-policy-token-hash", Base64Url.encode(Attester.sha256(body.getBytes(StandardCharsets.UTF_8))));
        AttestationHttp.send(res, Map.of("token", tokens.issue(AttestationHttp.issuer(req), claims)));
    }

    /** {@code POST /policies/{type}:reset}: back to the default policy. */
    private void resetPolicy(ServerRequest req, ServerResponse res, ServerContext context, PolicyStore policies) {
        AttestationHttp.requireApiVersion(req);
        String name = req.path().pathParameters().get("type");
        if (!name.endsWith(":reset")) {
            throw new ApiException(io.helidon.http.Status.METHOD_NOT_ALLOWED_405, "MethodNotAllowed",
                    "POST on a policy takes the ':reset' action only.");
        }
        AttestationType type = AttestationType.fromRouteName(name.substring(0, name.length() - ":reset".length()))
                .orElseThrow(() -> ApiException.badRequest("InvalidAttestationType", "Unknown attestation type."));
        var caller = context.require(req, POLICY_WRITE, "/policies/" + type.routeName());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("attestationType", type.routeName());
        fields.put("policyHash", dev.trustplane.attestation.DefaultPolicies.of(type).hash());
        fields.put("caller", caller.id());
        fields.put("reset", true);
        log.append(new DecisionRecord("attestation.policy-set", fields));
        policies.reset(type);
        res.header(HeaderValues.create("x-ms-policy-hash", dev.trustplane.attestation.DefaultPolicies.of(type).hash()));
        AttestationHttp.send(res, Map.of("token", tokens.issue(AttestationHttp.issuer(req),
                Map.of("x-ms-policy-result", "Removed"))));
    }

    /** {@code alg: none} JWS of {@code {"AttestationPolicy": base64url(text)}}, as MAA returns policies. */
    static String unsignedPolicyJwt(String text) {
        String header = Base64Url.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64Url.encode(("{\"AttestationPolicy\":\""
                + Base64Url.encode(text.getBytes(StandardCharsets.UTF_8)) + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static AttestationType type(ServerRequest req) {
        String name = req.path().pathParameters().get("type");
        return AttestationType.fromRouteName(name).orElseThrow(() -> ApiException.badRequest("InvalidAttestationType",
                "Unknown attestation type; known: " + String.join(", ",
                        java.util.Arrays.stream(AttestationType.values()).map(AttestationType::routeName).toList()) + "."));
    }
}
