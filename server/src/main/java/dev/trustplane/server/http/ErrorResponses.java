package dev.trustplane.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders every API error in one shape: {@code {"error":{"code":"…","message":"…"}}}. */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static byte[] body(String code, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return Json.MAPPER.writeValueAsString(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
    }

    public static void send(ServerResponse res, ApiException e) {
        send(res, e.status(), e.code(), e.getMessage());
    }

    public static void send(ServerResponse res, Status status, String code, String message) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.headers().remove(HeaderNames.CONTENT_LENGTH);
        res.send(body(code, message));
    }
}
