package dev.trustplane.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies with a hard size limit. A declared Content-Length over the limit is refused before
 * any byte is read; a chunked body is read at most limit+1 bytes, so an oversized body never sits whole in
 * memory.
 */
public final class Bodies {
    private final long limit;

    public Bodies(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Refuses early when the declared length exceeds the limit. */
    public void checkDeclaredLength(ServerRequest req) {
        req.headers().first(HeaderNames.CONTENT_LENGTH).ifPresent(value -> {
            try {
                if (Long.parseLong(value.trim()) > limit) {
                    throw ApiException.payloadTooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("BadParameter", "The Content-Length header is not a number.");
            }
        });
    }

    public byte[] readBytes(ServerRequest req) {
        checkDeclaredLength(req);
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw ApiException.payloadTooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a JSON object body; a missing, empty or malformed body is a 400 naming the problem. */
    public JsonNode readJson(ServerRequest req) {
        req.headers().contentType().ifPresent(type -> {
            if (!type.mediaType().subtype().equals("json") && !type.mediaType().subtype().endsWith("+json")) {
                throw ApiException.unsupportedMediaType("application/json");
            }
        });
        byte[] bytes = readBytes(req);
        if (bytes.length == 0) {
            throw ApiException.badRequest("BadParameter", "The request body is empty; a JSON object is required.");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("BadParameter", "The request body must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("BadParameter", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
