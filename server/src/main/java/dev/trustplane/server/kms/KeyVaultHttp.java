package dev.trustplane.server.kms;

import dev.trustplane.server.http.BaseUrl;
import dev.trustplane.server.http.RequestParams;
import dev.trustplane.kms.KmsException;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every keys API call shares: the mandatory {@code api-version}, the base URL ({@code https://HOST:PORT}
 * from the request's Host header, validated before it is reflected into {@code kid}s and links), JSON
 * responses, and the mapping of {@link KmsException} codes to Key Vault statuses.
 */
public final class KeyVaultHttp {
    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultHttp.class);
    /** Versions the keys API answers; the Azure SDK for Java 4.12 sends 2025-07-01 by default. */
    static final List<String> API_VERSIONS = List.of("7.4", "7.5", "7.6", "2025-07-01");

    private KeyVaultHttp() {}

    /** The request's api-version, or 400 naming the supported ones. */
    public static String apiVersion(ServerRequest req) {
        String version = RequestParams.query(req, "api-version").orElse(null);
        if (version == null || version.isEmpty()) {
            throw ApiException.badRequest("BadParameter", "The 'api-version' query parameter is required; supported: "
                    + String.join(", ", API_VERSIONS) + ".");
        }
        if (!API_VERSIONS.contains(version)) {
            throw ApiException.badRequest("BadParameter", "The api-version '" + printable(version)
                    + "' is not supported; supported: " + String.join(", ", API_VERSIONS) + ".");
        }
        return version;
    }

    /** {@code https://HOST:PORT} as the client addressed us. */
    public static String base(ServerRequest req) {
        return BaseUrl.of(req);
    }

    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A handler body that may throw {@link KmsException}. */
    interface Call {
        void run();
    }

    /** Runs {@code call}, turning KMS failures into Key Vault errors. */
    static void translate(ServerRequest req, Call call) {
        try {
            call.run();
        } catch (KmsException e) {
            throw switch (e.code()) {
                case BAD_PARAMETER -> ApiException.badRequest(e.code().wire(), e.getMessage());
                case KEY_NOT_FOUND -> ApiException.notFound(e.code().wire(), e.getMessage());
                case FORBIDDEN -> new ApiException(Status.FORBIDDEN_403, e.code().wire(), e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case MASTER_KEY_UNAVAILABLE -> {
                    LOG.error("key material unavailable for {} {}: {}", req.prologue().method().text(), req.path().path(),
                            e.getMessage());
                    yield new ApiException(Status.INTERNAL_SERVER_ERROR_500, "InternalError",
                            "The key material could not be unsealed; the operator has been told why.");
                }
            };
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("[^A-Za-z0-9.\\-]", "?");
    }
}
