package dev.trustplane.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every response an {@code x-ms-request-id} (as Azure services do, so SDK logs and our logs can be
 * matched) and echoes a well-formed {@code x-ms-client-request-id}.
 */
public final class RequestIds {
    public static final HeaderName REQUEST_ID = HeaderNames.create("x-ms-request-id");
    public static final HeaderName CLIENT_REQUEST_ID = HeaderNames.create("x-ms-client-request-id");
    private static final Pattern SAFE_CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = UUID.randomUUID().toString();
        req.context().register(RequestId.class, new RequestId(id));
        res.header(REQUEST_ID, id);
        req.headers().first(CLIENT_REQUEST_ID)
                .filter(v -> SAFE_CLIENT_ID.matcher(v).matches())
                .ifPresent(v -> res.header(CLIENT_REQUEST_ID, v));
        chain.proceed();
    }

    /** The current request's id, for log lines and 500 messages. */
    public record RequestId(String value) {}

    public static String of(io.helidon.webserver.http.ServerRequest req) {
        return req.context().get(RequestId.class, RequestId.class).map(RequestId::value).orElse("unknown");
    }
}
