package dev.trustplane.server.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * The first value of a query or path parameter, and page sizes: the one place routes read parameters. It began
 * as a way around Helidon 4.4's {@code first(name)}, which looked the global MapperManager up in the service
 * registry on every call; {@link GlobalMappers} now fixes that for all of Helidon, so this class stays only as the
 * single reader, not as a workaround.
 */
public final class RequestParams {
    private RequestParams() {}

    /** The first value of query parameter {@code name}. */
    public static Optional<String> query(ServerRequest req, String name) {
        return first(req.query(), name);
    }

    /** The path parameter {@code name}. */
    public static Optional<String> path(ServerRequest req, String name) {
        return first(req.path().pathParameters(), name);
    }

    /**
     * The whole-number query parameter {@code name}, from 1 to {@code max}; {@code max} when absent.
     *
     * @throws ApiException 400 BadParameter naming the parameter and the range
     */
    public static int pageSize(ServerRequest req, String name, int max) {
        Optional<String> text = query(req, name);
        if (text.isEmpty()) {
            return max;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("BadParameter", name + " must be an integer from 1 to " + max + ".");
    }

    private static Optional<String> first(Parameters parameters, String name) {
        List<String> values = parameters.all(name, List::of);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
