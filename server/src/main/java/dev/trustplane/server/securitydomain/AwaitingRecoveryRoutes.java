package dev.trustplane.server.securitydomain;

import dev.trustplane.server.ApiRoutes;
import dev.trustplane.server.ServerContext;
import dev.trustplane.server.http.ErrorResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/**
 * What a server with {@code --security-domain required} serves when its data dir is new but the store holds service
 * keys (ledger, attestation, key release) escrowed under a security domain it has not got yet: only health and the
 * security-domain calls (registered before this); every other path answers 503 saying what to do. After the upload
 * the service keys are resealed under this data dir's master key and a restart serves everything.
 */
public final class AwaitingRecoveryRoutes implements ApiRoutes {
    /** Why everything else is refused. */
    public static final String MESSAGE = "This server's data dir is new and the store's ledger, attestation and key "
            + "release keys are escrowed under its security domain: upload the security domain (GET then POST "
            + "/securitydomain/upload), then restart the server.";

    /** The paths other servers serve without a token: anonymous callers learn the service is unavailable, not 401. */
    @Override
    public java.util.List<String> publicPaths() {
        return java.util.List.of("/attest/", "/certs", "/.well-known/openid-configuration", "/ledger/");
    }

    @Override
    public void register(HttpRouting.Builder routing, ServerContext context) {
        routing.any((req, res) -> ErrorResponses.send(res, Status.SERVICE_UNAVAILABLE_503, "ServiceUnavailable", MESSAGE));
    }
}
