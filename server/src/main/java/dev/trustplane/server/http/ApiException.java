package dev.trustplane.server.http;

import io.helidon.http.Status;

/**
 * An API error meant for the client: an HTTP status, a stable code and a message that is safe to show.
 * Thrown from route handlers; {@link ErrorResponses} renders it as {@code {"error":{"code","message"}}}.
 * Never put secrets, stack traces or SQL in the message.
 */
public class ApiException extends RuntimeException {
    private final Status status;
    private final String code;

    public ApiException(Status status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(Status.BAD_REQUEST_400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(Status.NOT_FOUND_404, code, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Status.FORBIDDEN_403, "Forbidden", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Status.CONFLICT_409, "Conflict", message);
    }

    public static ApiException payloadTooLarge(long limit) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "PayloadTooLarge",
                "The request body is larger than the limit of " + limit + " bytes.");
    }

    public static ApiException unsupportedMediaType(String expected) {
        return new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "UnsupportedMediaType",
                "The request body must be " + expected + ".");
    }
}
