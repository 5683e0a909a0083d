package dev.trustplane.store.internal;

import dev.trustplane.store.InvalidStoreUrlException;
import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.SqliteUrl;
import dev.trustplane.store.StoreUrl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses store locations (see {@link StoreUrl}). Written by hand rather than with {@link java.net.URI}
 * because {@code URISyntaxException} messages quote the whole input, password included. Error messages
 * here quote only the scheme and parameter names, never values from the authority part: a user who
 * forgets the {@code @} would otherwise see the password echoed back as a "port" or "host".
 */
public final class StoreUrlParser {

    private static final String FORMS =
            "use 'sqlite', 'sqlite:PATH' or 'postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE'";

    private StoreUrlParser() {}

    public static StoreUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidStoreUrlException("store location is empty; " + FORMS);
        }
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("sqlite")) {
            return StoreUrl.DEFAULT;
        }
        for (String prefix : new String[] {"jdbc:sqlite:", "sqlite:"}) {
            if (lower.startsWith(prefix)) {
                return sqlite(s.substring(prefix.length()));
            }
        }
        for (String prefix : new String[] {"jdbc:postgresql://", "postgresql://", "postgres://"}) {
            if (lower.startsWith(prefix)) {
                return postgres(s.substring(prefix.length()));
            }
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon <= 20 && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new InvalidStoreUrlException(
                    "unsupported store scheme '" + s.substring(0, colon) + "'; " + FORMS);
        }
        throw new InvalidStoreUrlException("unrecognised store location; " + FORMS);
    }

    private static SqliteUrl sqlite(String path) {
        if (path.startsWith("///")) {
            path = path.substring(2);
        } else if (path.startsWith("//")) {
            throw new InvalidStoreUrlException("sqlite store URL with '//' needs an absolute path: sqlite:///PATH");
        }
        if (path.isEmpty()) {
            throw new InvalidStoreUrlException("sqlite store path is empty; use 'sqlite' for the default file");
        }
        if (path.equals(":memory:") || path.startsWith("file:")) {
            throw new InvalidStoreUrlException("sqlite store must be a plain file path (no :memory:, no file: URI)");
        }
        if (path.contains("?")) {
            throw new InvalidStoreUrlException("sqlite store path must not contain '?' (no query parameters)");
        }
        try {
            return new SqliteUrl(Path.of(path));
        } catch (InvalidPathException e) {
            throw new InvalidStoreUrlException("sqlite store path is not a valid file name: " + e.getReason());
        }
    }

    private static PostgresUrl postgres(String rest) {
        if (rest.indexOf('#') >= 0) {
            throw new InvalidStoreUrlException("postgresql store URL must not contain a fragment ('#')");
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int query = afterAuthority.indexOf('?');
        String path = query < 0 ? afterAuthority : afterAuthority.substring(0, query);
        Map<String, String> params = query < 0 ? new LinkedHashMap<>() : queryParameters(afterAuthority.substring(query + 1));

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        String hostPort = authority;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostPort = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            if (user.isEmpty()) {
                user = null; // "postgresql://:password@host/db": the driver's default user, as in libpq
            }
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        if (params.containsKey("user")) {
            if (user != null) {
                throw new InvalidStoreUrlException("postgresql store URL gives the user twice");
            }
            user = params.remove("user");
        }
        if (params.containsKey("password")) {
            if (password != null) {
                throw new InvalidStoreUrlException("postgresql store URL gives the password twice");
            }
            password = params.remove("password");
        }
        if (hostPort.indexOf(',') >= 0) {
            throw new InvalidStoreUrlException("postgresql store URL with several hosts is not supported");
        }
        String host = hostPort;
        int port = PostgresUrl.DEFAULT_PORT;
        int portColon = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(':');
        if (portColon > 0) {
            host = hostPort.substring(0, portColon);
            port = port(hostPort.substring(portColon + 1));
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new InvalidStoreUrlException("postgresql store URL has a malformed IPv6 host");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[")) {
            throw new InvalidStoreUrlException("postgresql store URL has a malformed host or port");
        }
        String database = path.startsWith("/") ? decode(path.substring(1), "database name") : "";
        if (database.contains("/")) {
            throw new InvalidStoreUrlException("postgresql store URL path must be a single database name");
        }
        return PostgresUrl.of(host, port, database, user, password, params);
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidStoreUrlException("postgresql store URL port must be a number from 1 to 65535");
        }
        return Integer.parseInt(digits);
    }

    private static Map<String, String> queryParameters(String query) {
        var params = new LinkedHashMap<String, String>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query parameter name");
            if (!name.matches("[A-Za-z][A-Za-z0-9_.]{0,63}")) {
                throw new InvalidStoreUrlException("postgresql store URL has a malformed query parameter name");
            }
            if (eq < 0) {
                throw new InvalidStoreUrlException("postgresql store URL parameter '" + name + "' has no value");
            }
            if (params.put(name, decode(pair.substring(eq + 1), "value of parameter '" + name + "'")) != null) {
                throw new InvalidStoreUrlException("postgresql store URL gives parameter '" + name + "' twice");
            }
        }
        return params;
    }

    /** %-decoding that, unlike URLDecoder, keeps '+' and names only the part that is wrong. */
    private static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) != '%') {
                i++;
            }
            out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
            if (i == s.length()) {
                break;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw new InvalidStoreUrlException("postgresql store URL has an invalid %-escape in the " + what);
            }
            out.write(hi * 16 + lo);
            i += 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
