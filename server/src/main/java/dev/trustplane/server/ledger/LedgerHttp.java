package dev.trustplane.server.ledger;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.ledger.LedgerEntry;
import dev.trustplane.ledger.LedgerException;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers shared by the ledger routes: error mapping, number parsing, JSON responses. */
final class LedgerHttp {
    private LedgerHttp() {}

    /** Maps a ledger failure to the API error envelope (safe messages only). */
    static ApiException toApi(LedgerException e) {
        return switch (e.code()) {
            case ENTRY_TOO_LARGE -> new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "EntryTooLarge", e.getMessage());
            case INVALID_ARGUMENT -> ApiException.badRequest("BadParameter", e.getMessage());
            case NOT_FOUND -> ApiException.notFound("NotFound", e.getMessage());
            case INVALID_COSIGNATURE -> ApiException.badRequest("InvalidCosignature", e.getMessage());
            case UNAVAILABLE -> new ApiException(Status.SERVICE_UNAVAILABLE_503, "ServiceUnavailable",
                    "The ledger is not available; the entry was not appended.");
            case INCONSISTENT -> new ApiException(Status.INTERNAL_SERVER_ERROR_500, "LedgerInconsistent",
                    "The ledger's stored tree is inconsistent; an operator must investigate.");
        };
    }

    /** Runs a ledger call, mapping its failures. */
    static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (LedgerException e) {
            throw toApi(e);
        }
    }

    /** A non-negative decimal without sign or leading zeros, at most 18 digits; a 400 naming {@code what} otherwise. */
    static long number(String text, String what) {
        if (text == null || !text.matches("0|[1-9][0-9]{0,17}")) {
            throw ApiException.badRequest("BadParameter", "'" + what + "' must be a non-negative decimal number.");
        }
        return Long.parseLong(text);
    }

    static long pathNumber(ServerRequest req, String name) {
        return number(RequestParams.path(req, name).orElse(null), name);
    }

    static Optional<String> query(ServerRequest req, String name) {
        return RequestParams.query(req, name);
    }

    static void sendJson(ServerResponse res, Object body) {
        res.status(Status.OK_200);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.MAPPER.writeValueAsBytes(body));
    }

    static Map<String, Object> describe(LedgerEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", e.index());
        out.put("contentType", e.contentType());
        out.put("collectionId", e.collectionId());
        out.put("timestamp", e.timestamp().toString());
        out.put("contents", Base64.getEncoder().encodeToString(e.content()));
        out.put("leafHash", Base64.getEncoder().encodeToString(dev.trustplane.ledger.MerkleTrees.leafHash(e.leaf())));
        return out;
    }
}
