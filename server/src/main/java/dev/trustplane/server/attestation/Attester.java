package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationPolicy;
import dev.trustplane.attestation.AttestationTokens;
import dev.trustplane.attestation.AttestationType;
import dev.trustplane.attestation.ManagementCertificates;
import dev.trustplane.attestation.PolicyDecision;
import dev.trustplane.attestation.PolicyInput;
import dev.trustplane.attestation.PolicyParseException;
import dev.trustplane.attestation.TokenClaims;
import dev.trustplane.evidence.AppraisalResult;
import dev.trustplane.evidence.Reason;
import dev.trustplane.evidence.TrustProfile;
import dev.trustplane.evidence.appraisal.EvidenceAppraiser;
import dev.trustplane.evidence.kds.CollateralStore;
import dev.trustplane.ledger.DecisionLog;
import dev.trustplane.ledger.DecisionRecord;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One attestation, start to finish: appraise the evidence (is it genuine hardware evidence under the trust
 * profile?), check MAA's bindings, evaluate the policy, sign the token, and record the verdict in the decision log
 * whatever it was. Each step that fails ends the call with a 400 whose code names that step.
 *
 * <p>Bindings, as MAA's {@code models.tsp} states them ({@link RouteEvidence}): SHA-256(runtimeData.data) must
 * equal the first 32 bytes of SNP REPORT_DATA or of the TDX/SGX REPORTDATA (the other 32 are not checked: MAA's
 * clients zero them, and they are the workload's to use); SHA-256(initTimeData.data) must equal HOST_DATA, or the
 * first 32 bytes of the SGX CONFIGID (TDX: MRCONFIGID). Absent data is not checked, as in MAA. For AzureCvm the
 * evidence appraiser checks the nonce against the vTPM quote itself.
 *
 * <p>Intel quotes carry their PCK chain; the TCB Info, QE Identity, CRLs and TCB Signing certificate come from the
 * server's collateral cache ({@code DATA_DIR/collateral}, filled by {@code trustplane collateral import} or by an
 * online {@code trustplane verify}). The server never fetches: what is missing is reported, and refused.
 *
 * <p>The decision record holds the evidence digest, type, policy hash, verdict, reasons and caller; never the
 * evidence, runtime data or token. A permitted attestation whose record cannot be written gets no token (the
 * {@link DecisionLog} contract: unrecorded means not decided).
 */
final class Attester {
    private final TrustProfile profile;
    private final Clock clock;
    private final AttestationTokens tokens;
    private final PolicyStore policies;
    private final DecisionLog log;
    private final Optional<CollateralStore> collateral;
    /** One appraiser per route for evidence without a quote nonce (all but AzureCvm): they are thread-safe. */
    private final Map<AttestationType, EvidenceAppraiser> appraisers = new EnumMap<>(AttestationType.class);

    /**
     * @param clock the time evidence and collateral are verified at
     * @param collateral the Intel (and AMD) collateral cache, read only
     */
    Attester(TrustProfile profile, Clock clock, AttestationTokens tokens, PolicyStore policies, DecisionLog log,
            Optional<CollateralStore> collateral) {
        this.profile = profile;
        this.clock = clock;
        this.tokens = tokens;
        this.policies = policies;
        this.log = log;
        this.collateral = collateral;
        for (AttestationType type : AttestationType.values()) {
            appraisers.put(type, new EvidenceAppraiser(options(type, Optional.empty())));
        }
    }

    private EvidenceAppraiser.Options options(AttestationType type, Optional<byte[]> quoteNonce) {
        RouteEvidence route = RouteEvidence.of(type);
        return new EvidenceAppraiser.Options(Optional.of(route.evidenceType()), profile, clock, false, quoteNonce,
                route.intel() ? collateral : Optional.empty());
    }

    private EvidenceAppraiser appraiser(AttestRequest request) {
        return request.quoteNonce().isEmpty() ? appraisers.get(request.type())
                : new EvidenceAppraiser(options(request.type(), request.quoteNonce()));
    }

    /**
     * The outcome of a permitted attestation.
     *
     * @param token the token: signed, or unsigned ({@code alg: none}) when a draft policy decided
     * @param explanation which rules decided and why
     */
    record Attested(String token, dev.trustplane.attestation.Explanation explanation) {}

    /** A refused attestation; carries the policy's explanation when the policy was what refused. */
    static final class Refused extends ApiException {
        private static final long serialVersionUID = 1L;
        private final transient dev.trustplane.attestation.Explanation explanation;

        Refused(String code, String message, dev.trustplane.attestation.Explanation explanation) {
            super(Status.BAD_REQUEST_400, code, message);
            this.explanation = explanation;
        }

        Optional<dev.trustplane.attestation.Explanation> explanation() {
            return Optional.ofNullable(explanation);
        }
    }

    /** @return the token and the policy's explanation */
    Attested attest(AttestRequest request, String issuer, String caller) {
        PolicyStore.StoredPolicy stored = policy(request);
        AttestationPolicy policy = stored.policy();
        RouteEvidence route = RouteEvidence.of(request.type());
        AppraisalResult appraisal = appraiser(request).appraise(request.evidence(), List.of());
        Decision d = new Decision(request, policy, caller);
        if (!appraisal.genuine()) {
            Reason first = appraisal.reasons().getFirst();
            throw d.refuse("Evidence" + pascal(first.code().name()), "The evidence is not genuine: "
                    + String.join("; ", appraisal.reasons().stream().map(r -> r.code() + ": " + r.detail()).toList()),
                    appraisal.reasons().stream().map(r -> r.code() + ": " + r.detail()).toList());
        }
        bind(d, appraisal, request.runtimeData(), route.reportDataClaim(), "RuntimeDataMismatch",
                "SHA-256(runtimeData) does not equal " + route.reportDataField() + "[0:32]");
        bind(d, appraisal, request.initTimeData(), route.initTimeClaim(), "InitTimeDataMismatch",
                "SHA-256(initTimeData) does not equal " + route.initTimeField() + "[0:32]");
        Map<String, Object> evidenceClaims = appraisal.claims();
        if (route.enclaveHeldData() && request.runtimeData().isPresent()) {
            evidenceClaims = new LinkedHashMap<>(evidenceClaims);
            evidenceClaims.put(RouteEvidence.ENCLAVE_HELD_DATA, Base64Url.encode(request.runtimeData().get().bytes()));
        }
        Map<String, Object> runtime = request.runtimeData().map(AttestRequest.BoundData::claims).orElse(Map.of());
        Map<String, Object> initTime = request.initTimeData().map(AttestRequest.BoundData::claims).orElse(Map.of());
        PolicyDecision decision = policy.evaluate(new PolicyInput(evidenceClaims, runtime, initTime));
        if (!decision.permitted()) {
            throw d.refuse("PolicyEvaluationDenied", "The attestation policy denied the evidence: "
                    + decision.explanation().summary() + ".", List.of(decision.explanation().summary()),
                    decision.explanation());
        }
        String type = appraisal.claims().get("x-ms-attestation-type") instanceof String s ? s : route.attestationType();
        var claims = TokenClaims.of(type, policy.hash(), request.nonce(), evidenceClaims, runtime, initTime,
                decision, profile.kind() == TrustProfile.Kind.SIMULATED);
        stored.signer().ifPresent(s -> claims.put("x-ms-policy-signer", ManagementCertificates.jwk(s)));
        d.record("permitted", List.of(decision.explanation().summary()));
        // A draft policy is the caller's own: its token must not be one any relying party could trust (MAA: "the
        // resulting token cannot be validated"), or anyone could have any claim signed by issuing it.
        String token = request.draftPolicy().isPresent() ? tokens.issueUnsigned(issuer, claims) : tokens.issue(issuer, claims);
        return new Attested(token, decision.explanation());
    }

    private PolicyStore.StoredPolicy policy(AttestRequest request) {
        if (request.draftPolicy().isEmpty()) {
            return policies.inForce(request.type());
        }
        try {
            return new PolicyStore.StoredPolicy(AttestationPolicy.parse(request.draftPolicy().get()), Optional.empty(),
                    Optional.empty());
        } catch (PolicyParseException e) {
            throw ApiException.badRequest("InvalidPolicy", "draftPolicyForAttestation does not parse: " + e.getMessage());
        }
    }

    private static void bind(Decision d, AppraisalResult appraisal, Optional<AttestRequest.BoundData> data,
            Optional<String> claim, String code, String message) {
        if (data.isEmpty()) {
            return;
        }
        if (claim.isEmpty() || !(appraisal.claims().get(claim.get()) instanceof String hex)) {
            throw d.refuse(code, message + ": the evidence has no such field.", List.of(code));
        }
        byte[] field = HexFormat.of().parseHex(hex);
        byte[] expected = sha256(data.get().bytes());
        if (field.length < expected.length
                || !MessageDigest.isEqual(Arrays.copyOf(field, expected.length), expected)) {
            throw d.refuse(code, message + ".", List.of(code));
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    private static String pascal(String constant) {
        StringBuilder sb = new StringBuilder();
        for (String part : constant.toLowerCase(Locale.ROOT).split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** The decision record of one call, written once with its verdict. */
    private final class Decision {
        private final AttestRequest request;
        private final AttestationPolicy policy;
        private final String caller;

        Decision(AttestRequest request, AttestationPolicy policy, String caller) {
            this.request = request;
            this.policy = policy;
            this.caller = caller;
        }

        Refused refuse(String code, String message, List<String> reasons) {
            return refuse(code, message, reasons, null);
        }

        Refused refuse(String code, String message, List<String> reasons, dev.trustplane.attestation.Explanation why) {
            record("denied", reasons);
            return new Refused(code, message, why);
        }

        void record(String verdict, List<String> reasons) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("attestationType", request.type().routeName());
            fields.put("evidenceSha256", HexFormat.of().formatHex(sha256(request.evidenceBytes())));
            fields.put("policyHash", policy.hash());
            fields.put("draftPolicy", request.draftPolicy().isPresent());
            fields.put("trustProfile", profile.kind().name().toLowerCase(Locale.ROOT));
            fields.put("verdict", verdict);
            fields.put("reasons", new ArrayList<>(reasons));
            fields.put("caller", caller);
            try {
                log.append(new DecisionRecord("attestation.verdict", fields));
            } catch (RuntimeException e) {
                throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "DecisionLogUnavailable",
                        "The decision could not be recorded, so no token is issued; retry later.");
            }
        }
    }
}
