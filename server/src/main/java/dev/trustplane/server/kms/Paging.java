package dev.trustplane.server.kms;

import dev.trustplane.server.http.RequestParams;
import dev.trustplane.kms.Page;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Key Vault paging: {@code maxresults} (1–25, default 25) and {@code $skiptoken}; a response carries
 * {@code nextLink}, the full {@code https://HOST:PORT/...} URL of the next page (api-version and page size
 * included), or null on the last page.
 */
final class Paging {
    static final int MAX = 25;

    private Paging() {}

    static int maxResults(ServerRequest req) {
        return RequestParams.pageSize(req, "maxresults", MAX);
    }

    static Optional<String> token(ServerRequest req) {
        return RequestParams.query(req, "$skiptoken");
    }

    static <T> void send(ServerRequest req, ServerResponse res, Page<T> page,
            BiFunction<String, T, Map<String, Object>> render, String path) {
        String base = KeyVaultHttp.base(req);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page.items().stream().map(item -> render.apply(base, item)).toList());
        body.put("nextLink", page.next().map(next -> base + path + "?api-version=" + KeyVaultHttp.apiVersion(req)
                + "&maxresults=" + maxResults(req) + "&$skiptoken=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
                .orElse(null));
        KeyVaultHttp.send(res, Status.OK_200, body);
    }
}
