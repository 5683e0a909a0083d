package dev.trustplane.server.attestation;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** HTTP details shared by the attestation routes: MAA's api-versions, the issuer URL, JSON responses. */
final class AttestationHttp {
    /** The stable MAA data-plane versions we answer (the Java SDK sends 2020-10-01). */
    static final List<String> API_VERSIONS = List.of("2020-10-01", "2022-08-01", "2025-06-01");
    private static final Pattern SAFE_HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");

    private AttestationHttp() {}

    /** Refuses a missing or unknown api-version with 400 listing the supported ones. */
    static void requireApiVersion(ServerRequest req) {
        String version = RequestParams.query(req, "api-version").orElse("");
        if (!API_VERSIONS.contains(version)) {
            throw ApiException.badRequest("InvalidApiVersion", (version.isEmpty() ? "The 'api-version' query parameter is required"
                    : "The api-version is not supported") + "; supported: " + String.join(", ", API_VERSIONS) + ".");
        }
    }

    /**
     * The issuer: {@code https://HOST[:PORT]} as the client addressed us (Host header), so that {@code iss},
     * {@code jku} and the OpenID metadata agree with the URL the client used. A Host that is not a plain host
     * name or address is replaced by the local port, so no header injection reaches a token.
     */
    static String issuer(ServerRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        if (!SAFE_HOST.matcher(host).matches()) {
            host = "localhost:" + req.localPeer().address().toString().replaceAll(".*:", "");
        }
        return "https://" + host;
    }

    /** The attestation type named in a route, or 400 listing the known ones. */
    static dev.trustplane.attestation.AttestationType type(String name) {
        return dev.trustplane.attestation.AttestationType.fromRouteName(name).orElseThrow(() -> ApiException.badRequest(
                "InvalidAttestationType", "Unknown attestation type; known: " + String.join(", ", java.util.Arrays.stream(
                        dev.trustplane.attestation.AttestationType.values()).map(t -> t.routeName()).toList()) + "."));
    }

    static void send(ServerResponse res, Object body) {
        sendAs(res, HeaderValues.CONTENT_TYPE_JSON, body);
    }

    static void sendAs(ServerResponse res, io.helidon.http.Header contentType, Object body) {
        res.status(Status.OK_200);
        res.header(contentType);
        res.send(Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
