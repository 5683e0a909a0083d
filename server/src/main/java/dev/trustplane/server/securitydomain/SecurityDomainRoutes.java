package dev.trustplane.server.securitydomain;

import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.kms.KeyVaultHttp;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Managed HSM's security-domain API (7.x {@code securitydomain.json}):
 * <ul>
 *   <li>{@code POST /securitydomain/download} {@code {"certificates":[JWK…], "required": M}} → 202
 *       {@code {"value": blob}}, {@code Azure-AsyncOperation} pointing at {@code /securitydomain/download/pending};</li>
 *   <li>{@code GET /securitydomain/download/pending} → {@code {"status","status_details"}};</li>
 *   <li>{@code GET /securitydomain/upload} → {@code {"key_format":"jwk","transfer_key": JWK}} (the exchange key);</li>
 *   <li>{@code POST /securitydomain/upload} {@code {"value": restore blob}} → 202 {@code {"status","status_details"}};</li>
 *   <li>{@code GET /securitydomain/upload/pending}.</li>
 * </ul>
 * Both long operations finish before the 202 is sent (they take milliseconds here); the pending calls report the
 * last outcome, so a client written for Managed HSM's polling works unchanged. Each call needs the Managed HSM data
 * action of the same name on {@code /} (Administrator and Managed HSM Administrator hold them).
 */
public final class SecurityDomainRoutes implements ApiRoutes {
    private static final String H = "Microsoft.KeyVault/managedHsm/securitydomain/";
    private final SecurityDomain domain;

    public SecurityDomainRoutes(SecurityDomain domain) {
        this.domain = domain;
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.post("/securitydomain/download", (req, res) -> {
            context.require(req, H + "download/action", "/");
            JsonNode body = context.bodies().readJson(req);
            DomainBlob blob = run(true, () -> domain.download(officers(body), quorum(body)));
            accepted(req, res, "download", Map.of("value", blob.toJson().toString()));
        });
        routing.get("/securitydomain/download/pending", (req, res) -> {
            context.require(req, H + "download/read", "/");
            pending(res, domain.lastDownload(), "download");
        });
        routing.get("/securitydomain/upload", (req, res) -> {
            context.require(req, H + "transferkey/read", "/");
            var key = run(null, domain::transferKey); // not an upload: its refusal is not the upload's status
            KeyVaultHttp.send(res, Status.OK_200, Map.of("key_format", "jwk", "transfer_key", key.jwk()));
        });
        routing.post("/securitydomain/upload", (req, res) -> {
            context.require(req, H + "upload/action", "/");
            JsonNode body = context.bodies().readJson(req);
            run(false, () -> {
                RestoreValue value = RestoreValue.parse(body.path("value"));
                domain.upload(value.blob(), value.shares());
                return null;
            });
            var status = domain.lastUpload();
            accepted(req, res, "upload", Map.of("status", status.status(), "status_details", status.details()));
        });
        routing.get("/securitydomain/upload/pending", (req, res) -> {
            context.require(req, H + "upload/read", "/");
            pending(res, domain.lastUpload(), "upload");
        });
    }

    private interface Op<T> {
        T run();
    }

    /**
     * Runs an operation, recording a refusal for the download ({@code true}) or upload ({@code false}) pending call
     * ({@code null}: neither) and answering it as 400/409.
     */
    private <T> T run(Boolean download, Op<T> op) {
        try {
            return op.run();
        } catch (SecurityDomainException e) {
            if (download != null) {
                domain.failed(download, e.getMessage());
            }
            throw switch (e.kind()) {
                case BAD_PARAMETER -> ApiException.badRequest("BadParameter", e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
            };
        }
    }

    private static void accepted(ServerRequest req, ServerResponse res, String op, Map<String, Object> body) {
        res.header(HeaderNames.create("Azure-AsyncOperation"), KeyVaultHttp.base(req) + "/securitydomain/" + op + "/pending");
        res.header(HeaderNames.RETRY_AFTER, "0");
        KeyVaultHttp.send(res, Status.ACCEPTED_202, body);
    }

    private static void pending(ServerResponse res, SecurityDomain.OperationStatus status, String op) {
        if (status == null) {
            throw ApiException.notFound("NotFound", "No security domain " + op + " has run on this server since it started.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.status());
        body.put("status_details", status.details());
        KeyVaultHttp.send(res, Status.OK_200, body);
    }

    private static List<OfficerKey> officers(JsonNode body) {
        JsonNode list = body.path("certificates");
        if (!list.isArray()) {
            throw SecurityDomainException.bad("certificates must be an array of the officers' RSA JSON Web Keys");
        }
        if (list.size() > SecurityDomain.MAX_OFFICERS) {
            throw SecurityDomainException.bad("certificates may list at most " + SecurityDomain.MAX_OFFICERS
                    + " officer keys, got " + list.size());
        }
        List<OfficerKey> officers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            officers.add(OfficerKey.parse(list.get(i), i));
        }
        return officers;
    }

    private static int quorum(JsonNode body) {
        JsonNode required = body.path("required");
        if (required.isMissingNode()) {
            return SecurityDomain.MIN_QUORUM; // Managed HSM's default
        }
        if (!required.isInt()) {
            throw SecurityDomainException.bad("required must be an integer");
        }
        return required.asInt();
    }
}
