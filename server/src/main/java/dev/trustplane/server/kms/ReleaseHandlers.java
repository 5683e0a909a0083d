package dev.trustplane.server.kms;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.kms.release.ReleaseEncryption;
import dev.trustplane.kms.release.ReleaseException;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.auth.Principal;
import dev.trustplane.server.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /keys/{name}[/{version}]/release} — Key Vault's release — and Trustplane's {@code ?dryRun=true},
 * which answers whether the token would release the key, and why, without releasing it.
 *
 * <p>Release needs Managed HSM's {@code keys/release/action}; a dry run needs that or {@code keys/read/action},
 * so policy authors (who read keys) can test policies. Denials are 403 with the first failed condition in the
 * message; malformed requests 400; a token that does not verify 403 {@code AttestationTokenRejected} (not 401,
 * which Azure clients take as a problem with their own bearer token and answer by re-authenticating).
 */
final class ReleaseHandlers {
    private static final Set<String> FIELDS = Set.of("target", "nonce", "enc");
    private static final int MAX_NONCE = 1024;

    private final KeyReleases releases;
    private final ServerContext context;

    ReleaseHandlers(KeyReleases releases, ServerContext context) {
        this.releases = releases;
        this.context = context;
    }

    void handle(ServerRequest req, ServerResponse res, String name, String version) {
        if (req.prologue().method() != Method.POST) {
            throw KeysRoutes.methodNotAllowed(req);
        }
        boolean dryRun = dryRun(req);
        if (dryRun) {
            handle(req, res, name, version, true);
        } else { // a release records its decision: the ledger may hold a batch for it while it works
            context.audit().expectingRecord(() -> handle(req, res, name, version, false));
        }
    }

    private void handle(ServerRequest req, ServerResponse res, String name, String version, boolean dryRun) {
        String resource = "/keys/" + name;
        Principal caller = dryRun && context.authorizer().permits(context.principal(req), Actions.READ, resource)
                ? context.principal(req) : context.require(req, Actions.RELEASE, resource);
        JsonNode body = context.bodies().readJson(req);
        try {
            KeyReleases.Request request = parse(body);
            if (dryRun) {
                KeyVaultHttp.send(res, Status.OK_200, dryRunBody(releases.dryRun(name, version, request)));
                return;
            }
            String base = KeyVaultHttp.base(req);
            var released = releases.release(name, version, request, base, KeyVaultHttp.apiVersion(req), caller.id());
            res.header(HeaderNames.create(KeyReleases.LEDGER_HEADER), Long.toString(released.ledgerIndex()));
            KeyVaultHttp.send(res, Status.OK_200, Map.of("value", released.jws()));
        } catch (ReleaseException e) {
            throw new ApiException(e.kind() == ReleaseException.Kind.BAD_REQUEST ? Status.BAD_REQUEST_400
                    : Status.FORBIDDEN_403, e.code(), e.getMessage());
        }
    }

    private static boolean dryRun(ServerRequest req) {
        String value = RequestParams.query(req, "dryRun").orElse("false");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw KeyRequests.bad("The 'dryRun' query parameter must be true or false.");
        };
    }

    private static KeyReleases.Request parse(JsonNode body) {
        KeyRequests.only(body, FIELDS, "");
        String target = KeyRequests.required(body, "target");
        Optional<String> nonce = optionalText(body, "nonce");
        if (nonce.isPresent() && (nonce.get().isEmpty() || nonce.get().length() > MAX_NONCE)) {
            throw KeyRequests.bad("The 'nonce' parameter must be 1 to " + MAX_NONCE + " characters.");
        }
        ReleaseEncryption enc = optionalText(body, "enc").map(ReleaseEncryption::fromWire)
                .orElse(ReleaseEncryption.DEFAULT);
        return new KeyReleases.Request(target, nonce, enc);
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw KeyRequests.bad("The '" + field + "' parameter must be a string.");
        }
        return Optional.of(v.asString());
    }

    private static Map<String, Object> dryRunBody(KeyReleases.DryRun d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed", d.allowed());
        out.put("explanation", d.explanation());
        d.failed().ifPresent(f -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("authority", f.authority());
            c.put("path", f.path());
            c.put("claim", f.claim());
            c.put("operator", f.operator());
            c.put("expected", f.expected());
            c.put("found", f.found());
            out.put("failedCondition", c);
        });
        d.transferKid().ifPresent(k -> out.put("transferKeyId", k));
        return out;
    }
}
