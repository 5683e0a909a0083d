package dev.trustplane.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.regex.Pattern;

/**
 * The server's base URL as the client addressed it, {@code https://HOST:PORT}, for the links and ids the
 * Key Vault APIs return ({@code kid}, {@code nextLink}). The Host header is reflected only when it is a plain host
 * name or IP literal with an optional port; anything else falls back to {@code localhost} and the bound port.
 */
public final class BaseUrl {
    private static final Pattern SAFE_HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");

    private BaseUrl() {}

    public static String of(ServerRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        if (!SAFE_HOST.matcher(host).matches()) {
            host = "localhost:" + req.localPeer().address().toString().replaceAll(".*:", "");
        }
        return "https://" + host;
    }
}
