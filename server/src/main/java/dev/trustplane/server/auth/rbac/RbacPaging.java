package dev.trustplane.server.auth.rbac;

import dev.trustplane.kms.Page;
import dev.trustplane.server.http.BaseUrl;
import dev.trustplane.server.http.RequestParams;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-driven paging of the role assignment and role definition lists. Managed HSM's RBAC list operations are
 * pageable ({@code x-ms-pageable} with {@code nextLink}); the SDKs and the Azure CLI follow {@code nextLink} until
 * it is null, so a listing never has to fit one response.
 *
 * <p>A page holds at most {@code $top} items (1–{@value #MAX_TOP}, default {@value #MAX_TOP}, the page size Key
 * Vault uses for its own lists; Managed HSM's RBAC specification names no page-size parameter, so {@code $top} is
 * read as the page size, as Key Vault's {@code maxresults} is). {@code nextLink} is the full URL of the next page
 * with the same {@code api-version}, {@code $filter} and {@code $top} and a {@code $skiptoken}.
 *
 * <p>The token is keyset, not an offset: the base64url of the sort key of the last item sent. Items are in a fixed
 * order by that key, and the next page starts after it, so an assignment created or deleted between pages never
 * makes another one appear twice or go missing.
 */
final class RbacPaging {
    static final int MAX_TOP = 25;

    private RbacPaging() {}

    /** The page of {@code items} after the request's {@code $skiptoken}, ordered by {@code key}. */
    static <T> Page<T> page(ServerRequest req, List<T> items, Function<T, String> key) {
        int top = top(req);
        Optional<String> after = RequestParams.query(req, "$skiptoken").map(RbacPaging::decode);
        List<T> rest = items.stream().sorted(Comparator.comparing(key))
                .filter(item -> after.isEmpty() || key.apply(item).compareTo(after.get()) > 0).toList();
        if (rest.size() <= top) {
            return new Page<>(rest, Optional.empty());
        }
        List<T> page = rest.subList(0, top);
        return new Page<>(page, Optional.of(encodeToken(key.apply(page.getLast()))));
    }

    /**
     * {@code {"value": [...], "nextLink": url-or-null}} for a page of the {@code collection} ({@code roleAssignments}
     * or {@code roleDefinitions}) at {@code scope}, rendering each item with {@code render}. The link writes the scope
     * once and plainly, whatever form the request used (the SDKs send {@code ///providers/...}).
     */
    static <T> Map<String, Object> body(ServerRequest req, RoleScope scope, String collection, Page<T> page,
            Function<T, Map<String, Object>> render) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page.items().stream().map(render).toList());
        body.put("nextLink", page.next().map(token -> nextLink(req, scope, collection, token)).orElse(null));
        return body;
    }

    private static String nextLink(ServerRequest req, RoleScope scope, String collection, String token) {
        StringBuilder url = new StringBuilder(BaseUrl.of(req)).append(scope.idPrefix())
                .append("/providers/Microsoft.Authorization/").append(collection)
                .append("?api-version=").append(encode(RequestParams.query(req, "api-version").orElseThrow()));
        RequestParams.query(req, "$filter").ifPresent(f -> url.append("&$filter=").append(encode(f)));
        return url.append("&$top=").append(top(req)).append("&$skiptoken=").append(token).toString();
    }

    static int top(ServerRequest req) {
        return RequestParams.pageSize(req, "$top", MAX_TOP);
    }

    /** Percent-encoding for a query value; a space as %20, not the form encoding's '+'. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RbacException.badParameter("The $skiptoken is not valid; use the nextLink of the previous page.");
        }
    }
}
