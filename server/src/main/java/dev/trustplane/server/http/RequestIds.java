package dev.trustplane.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
        String id = newId();
        req.context().register(RequestId.class, new RequestId(id));
        res.header(REQUEST_ID, id);
        req.headers().first(CLIENT_REQUEST_ID)
                .filter(v -> SAFE_CLIENT_ID.matcher(v).matches())
                .ifPresent(v -> res.header(CLIENT_REQUEST_ID, v));
        chain.proceed();
    }

    /**
     * A random version-4 UUID, as Azure's request ids are. From {@link ThreadLocalRandom}, not {@link UUID#randomUUID()}:
     * a request id only has to be unique, not unguessable (it is handed to the client and written to logs), and the
     * shared SecureRandom behind randomUUID cost more per request than the rest of this filter.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    /** The current request's id, for log lines and 500 messages. */
    public record RequestId(String value) {}

    public static String of(io.helidon.webserver.http.ServerRequest req) {
        return req.context().get(RequestId.class, RequestId.class).map(RequestId::value).orElse("unknown");
    }
}
