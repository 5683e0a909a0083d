package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.DefaultPolicies;
import dev.trustplane.attestation.ManagementCertificates;
import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.PolicyUpload;
import dev.trustplane.attestation.PolicyUploadException;
import dev.trustplane.attestation.SignedRequest;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policy administration as Azure Attestation serves it: {@code GET|PUT /policies/{type}}, {@code POST
 * /policies/{type}:reset}, {@code GET /certificates}, {@code POST /certificates:add|:remove}. Every answer is a
 * token signed with the service key (MAA-API.md §2.2, KEYVAULT-API.md §5: the SDK checks its issuer and signature).
 *
 * <p>Two modes, as MAA's: while no policy-management certificate is registered, a caller whose bearer token grants
 * {@link AttestationRoutes#POLICY_WRITE} may upload an unsigned policy JWT ({@code alg: none}) or a signed one
 * (verified against the certificate in its own header, and its signer recorded). The first {@code
 * /certificates:add} must be signed by the key of the certificate it adds (proof of possession); from then on the
 * service is in isolated mode: every policy upload, reset and certificate change must be a JWS whose {@code x5c}
 * is a registered certificate, unsigned uploads are refused, and the last certificate cannot be removed. The bearer
 * permission is required in both modes (MAA likewise requires an Entra token for management calls). Every change
 * is recorded in the decision log before it takes effect.
 */
final class PolicyAdminHandlers {
    private final AttestationTokens tokens;
    private final PolicyStore policies;
    private final PolicyCertificateStore certificates;
    private final DecisionLog log;

    PolicyAdminHandlers(AttestationTokens tokens, PolicyStore policies, PolicyCertificateStore certificates, DecisionLog log) {
        this.tokens = tokens;
        this.policies = policies;
        this.certificates = certificates;
        this.log = log;
    }

    void getPolicy(ServerRequest req, ServerResponse res, ServerContext context) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = AttestationHttp.type(req.path().pathParameters().get("type"));
        context.require(req, AttestationRoutes.POLICY_READ, "/policies/" + type.routeName());
        PolicyStore.StoredPolicy stored = policies.stored(type);
        res.header(HeaderValues.create("x-ms-policy-hash", stored.policy().hash()));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("x-ms-policy", stored.signedToken().orElseGet(() -> unsignedPolicyJwt(stored.policy().text())));
        stored.signer().ifPresent(s -> claims.put("x-ms-policy-signer", ManagementCertificates.jwk(s)));
        sendToken(req, res, claims);
    }

    void putPolicy(ServerRequest req, ServerResponse res, ServerContext context) {
        AttestationHttp.requireApiVersion(req);
        AttestationType type = AttestationHttp.type(req.path().pathParameters().get("type"));
        Principal caller = context.require(req, AttestationRoutes.POLICY_WRITE, "/policies/" + type.routeName());
        String body = tokenBody(req, context);
        List<X509Certificate> registered = certificates.all();
        PolicyUpload upload;
        Optional<X509Certificate> signer = Optional.empty();
        AttestationPolicy policy;
        try {
            upload = PolicyUpload.parse(body);
            switch (upload.form()) {
                case TEXT -> throw ApiException.badRequest("InvalidPolicyForm", "Send the policy as a JWT: unsigned "
                        + "(alg none) or signed, with payload {\"AttestationPolicy\": base64url(text)}.");
                case UNSIGNED_JWT -> requireAadMode(registered, "an unsigned policy");
                case SIGNED_JWS -> signer = Optional.of(verify(body, registered).signer());
            }
            policy = AttestationPolicy.parse(upload.policyText());
        } catch (PolicyUploadException e) {
            throw ApiException.badRequest("InvalidPolicyJwt", "The policy JWT is not acceptable: " + e.getMessage() + ".");
        } catch (PolicyParseException e) {
            throw ApiException.badRequest("InvalidPolicy", "The policy does not parse: " + e.getMessage());
        }
        record(type, policy.hash(), caller, signer, false);
        policies.put(type, policy, signer.map(s -> body), signer);
        res.header(HeaderValues.create("x-ms-policy-hash", policy.hash()));
        sendToken(req, res, policyResult("Updated", body, signer));
    }

    /** {@code POST /policies/{type}:reset}: back to the default policy. */
    void resetPolicy(ServerRequest req, ServerResponse res, ServerContext context) {
        AttestationHttp.requireApiVersion(req);
        String name = req.path().pathParameters().get("type");
        if (!name.endsWith(":reset")) {
            throw new ApiException(Status.METHOD_NOT_ALLOWED_405, "MethodNotAllowed",
                    "POST on a policy takes the ':reset' action only.");
        }
        AttestationType type = AttestationHttp.type(name.substring(0, name.length() - ":reset".length()));
        Principal caller = context.require(req, AttestationRoutes.POLICY_WRITE, "/policies/" + type.routeName());
        String body = tokenBody(req, context);
        List<X509Certificate> registered = certificates.all();
        Optional<X509Certificate> signer = Optional.empty();
        if (!registered.isEmpty()) {
            try {
                signer = Optional.of(verify(body, registered).signer());
            } catch (PolicyUploadException e) {
                throw ApiException.badRequest("InvalidPolicyJwt", "The reset request is not acceptable: " + e.getMessage() + ".");
            }
        }
        String hash = DefaultPolicies.of(type).hash();
        record(type, hash, caller, signer, true);
        policies.reset(type);
        res.header(HeaderValues.create("x-ms-policy-hash", hash));
        sendToken(req, res, policyResult("Removed", body, signer));
    }

    void listCertificates(ServerRequest req, ServerResponse res, ServerContext context) {
        AttestationHttp.requireApiVersion(req);
        context.require(req, AttestationRoutes.POLICY_READ, "/certificates");
        List<Map<String, Object>> keys = certificates.all().stream().map(ManagementCertificates::jwk).toList();
        sendToken(req, res, Map.of("x-ms-policy-certificates", Map.of("keys", keys)));
    }

    void addCertificate(ServerRequest req, ServerResponse res, ServerContext context) {
        modifyCertificates(req, res, context, true);
    }

    void removeCertificate(ServerRequest req, ServerResponse res, ServerContext context) {
        modifyCertificates(req, res, context, false);
    }

    private void modifyCertificates(ServerRequest req, ServerResponse res, ServerContext context, boolean add) {
        AttestationHttp.requireApiVersion(req);
        Principal caller = context.require(req, AttestationRoutes.POLICY_WRITE, "/certificates");
        String body = tokenBody(req, context);
        List<X509Certificate> registered = certificates.all();
        SignedRequest signed;
        X509Certificate subject;
        try {
            // Bootstrap: with none registered, the first certificate proves possession of its own key.
            signed = SignedRequest.verify(body, registered, add && registered.isEmpty());
            subject = ManagementCertificates.fromManagementBody(signed.payload());
        } catch (PolicyUploadException e) {
            throw ApiException.badRequest("InvalidCertificateRequest", "The certificate request is not acceptable: "
                    + e.getMessage() + ".");
        }
        String thumbprint = ManagementCertificates.thumbprint(subject);
        if (add && registered.isEmpty() && !ManagementCertificates.thumbprint(signed.signer()).equals(thumbprint)) {
            throw ApiException.badRequest("InvalidCertificateRequest", "The first policy-management certificate must "
                    + "sign its own addition (x5c[0] must be the certificate being added).");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("certificateThumbprint", thumbprint);
        fields.put("signerThumbprint", ManagementCertificates.thumbprint(signed.signer()));
        fields.put("caller", caller.id());
        boolean present;
        if (add) {
            log.append(new DecisionRecord("attestation.policy-certificate-added", fields));
            certificates.add(subject);
            present = true;
        } else {
            var removal = certificates.remove(subject);
            if (removal == PolicyCertificateStore.Removal.LAST) {
                throw ApiException.conflict("The last policy-management certificate cannot be removed; add its "
                        + "successor first.");
            }
            if (removal == PolicyCertificateStore.Removal.REMOVED) {
                log.append(new DecisionRecord("attestation.policy-certificate-removed", fields));
            }
            present = false;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("x-ms-certificate-thumbprint", thumbprint);
        claims.put("x-ms-policycertificates-result", present ? "IsPresent" : "IsAbsent");
        sendToken(req, res, claims);
    }

    private static SignedRequest verify(String body, List<X509Certificate> registered) {
        return SignedRequest.verify(body, registered, registered.isEmpty());
    }

    private static void requireAadMode(List<X509Certificate> registered, String what) {
        if (!registered.isEmpty()) {
            throw new PolicyUploadException(what + " is refused: policy-management certificates are registered, "
                    + "so the policy must be signed by one of them");
        }
    }

    private void record(AttestationType type, String hash, Principal caller, Optional<X509Certificate> signer, boolean reset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("attestationType", type.routeName());
        fields.put("policyHash", hash);
        fields.put("caller", caller.id());
        signer.ifPresent(s -> fields.put("signerThumbprint", ManagementCertificates.thumbprint(s)));
        if (reset) {
            fields.put("reset", true);
        }
        log.append(new DecisionRecord("attestation.policy-set", fields));
    }

    /** MAA's PolicyResult claims: resolution, SHA-256 of the token as sent, and the signer when there was one. */
    private static Map<String, Object> policyResult(String resolution, String body, Optional<X509Certificate> signer) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("x-ms-policy-result", resolution);
        claims.put("x-ms-policy-token-hash", Base64Url.encode(Attester.sha256(body.getBytes(StandardCharsets.UTF_8))));
        signer.ifPresent(s -> claims.put("x-ms-policy-signer", ManagementCertificates.jwk(s)));
        return claims;
    }

    private void sendToken(ServerRequest req, ServerResponse res, Map<String, Object> claims) {
        AttestationHttp.send(res, Map.of("token", tokens.issue(AttestationHttp.issuer(req), claims)));
    }

    /**
     * The request body as a compact JWT: sent raw ({@code text/plain}, as the SDK does for policies) or as a JSON
     * string ({@code application/json}, as it does for certificates).
     */
    private static String tokenBody(ServerRequest req, ServerContext context) {
        String body = new String(context.bodies().readBytes(req), StandardCharsets.UTF_8).strip();
        if (body.startsWith("\"")) {
            try {
                return dev.trustplane.server.http.Json.MAPPER.readValue(body, String.class).strip();
            } catch (RuntimeException e) {
                throw ApiException.badRequest("InvalidRequestBody", "The body is neither a JWT nor a JSON string.");
            }
        }
        return body;
    }

    /** {@code alg: none} JWS of {@code {"AttestationPolicy": base64url(text)}}, as MAA returns unsigned policies. */
    static String unsignedPolicyJwt(String text) {
        String header = Base64Url.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64Url.encode(("{\"AttestationPolicy\":\""
                + Base64Url.encode(text.getBytes(StandardCharsets.UTF_8)) + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
