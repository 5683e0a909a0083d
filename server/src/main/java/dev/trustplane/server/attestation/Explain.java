package dev.trustplane.server.attestation;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.attestation.Explanation;
import dev.trustplane.attestation.RuleTrace;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.auth.AuthenticationException;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /attest/{type}?explain=true}, Trustplane's addition to MAA's API: the answer also says which rule
 * permitted or denied and why, as {@code "explanation": {"summary", "rules": [{section, line, column, rule,
 * outcome, detail}]}} beside the token, or beside the error when the policy denied.
 *
 * <p>Who may ask: an explanation quotes the policy's rules and the claims they compared, and the stored policy is
 * readable only with {@link AttestationRoutes#POLICY_READ}. So explaining the stored policy needs a bearer token
 * with that permission; explaining a {@code draftPolicyForAttestation} (the caller's own text) needs none.
 */
final class Explain {
    private Explain() {}

    static boolean requested(ServerRequest req) {
        String value = RequestParams.query(req, "explain").orElse("false");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("InvalidExplain", "explain must be true or false.");
        };
    }

    /** Refuses (401/403) an explanation of the stored policy to a caller who may not read it. */
    static void authorize(ServerRequest req, ServerContext context, boolean draftPolicy) {
        if (draftPolicy) {
            return;
        }
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(Status.UNAUTHORIZED_401, "Unauthorized", "explain=true over the stored policy needs "
                    + "a Bearer token allowed to read policies (or send draftPolicyForAttestation).");
        }
        Principal principal;
        try {
            principal = context.tokens().authenticate(header.substring(7).trim());
        } catch (AuthenticationException e) {
            throw new ApiException(Status.UNAUTHORIZED_401, "Unauthorized", "The Bearer token is not valid, expired or revoked.");
        }
        String type = req.path().pathParameters().get("type");
        if (!context.authorizer().permits(principal, AttestationRoutes.POLICY_READ, "/policies/" + type)) {
            throw ApiException.forbidden("The caller's role '" + principal.role() + "' does not permit "
                    + AttestationRoutes.POLICY_READ + ", which explain=true needs.");
        }
    }

    static Map<String, Object> json(Explanation explanation) {
        List<Map<String, Object>> rules = explanation.rules().stream().map(Explain::rule).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", explanation.summary());
        m.put("rules", rules);
        return m;
    }

    private static Map<String, Object> rule(RuleTrace r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", r.section().keyword());
        m.put("line", r.line());
        m.put("column", r.column());
        m.put("rule", r.rule());
        m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        m.put("detail", r.detail());
        return m;
    }

    /** The error envelope of a policy denial, with the explanation beside it. */
    static void sendRefusal(ServerResponse res, ApiException e, Explanation explanation) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        res.status(e.status());
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("explanation", json(explanation));
        res.send(Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
