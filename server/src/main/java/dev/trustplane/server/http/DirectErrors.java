package dev.trustplane.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Errors the HTTP engine answers itself, before routing (unparseable request line or headers, body
 * over the size limit): rendered in the same JSON envelope as every other error, never with internals.
 */
public final class DirectErrors {
    private DirectErrors() {}

    public static DirectHandlers handlers() {
        DirectHandler handler = new DirectHandler() {
            @Override
            public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                    ServerResponseHeaders headers, String message) {
                // The engine reports some conditions under a generic event type; the status is what counts.
                boolean tooLarge = eventType == EventType.PAYLOAD_TOO_LARGE || status.code() == 413;
                String code = tooLarge ? "PayloadTooLarge" : switch (status.code()) {
                    case 403 -> "Forbidden";
                    case 505 -> "HttpVersionNotSupported";
                    default -> status.code() >= 500 ? "InternalError" : "BadRequest";
                };
                String safe = tooLarge ? "The request body is larger than the server's limit."
                        : status.code() >= 500 ? "The server failed to process the request."
                        : "The request could not be processed: " + status.reasonPhrase() + ".";
                headers.set(HeaderValues.CONTENT_TYPE_JSON);
                return TransportResponse.builder()
                        .status(status)
                        .headers(headers)
                        .entity(ErrorResponses.body(code, safe))
                        .build();
            }
        };
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }
}
