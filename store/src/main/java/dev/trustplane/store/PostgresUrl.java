package dev.trustplane.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A PostgreSQL database: host, port, database, optional credentials and driver parameters.
 *
 * <p>The password is deliberately not readable through the public API: it only travels to the
 * connection pool inside this package. {@link #toString()} shows {@code ***} in its place, and
 * {@link #jdbcUrl()} carries neither user nor password (they go to the driver as properties).
 */
public final class PostgresUrl implements StoreUrl {

    /** The PostgreSQL default port. */
    public static final int DEFAULT_PORT = 5432;

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private PostgresUrl(String host, int port, String database, String user, String password,
                        Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = parameters;
    }

    /**
     * Builds a validated location.
     *
     * @param user       may be null (the driver then uses the operating-system user)
     * @param password   may be null
     * @param parameters driver parameters; must not contain {@code user} or {@code password}
     * @throws InvalidStoreUrlException when a part is missing or out of range
     */
    public static PostgresUrl of(String host, int port, String database, String user, String password,
                                 Map<String, String> parameters) {
        if (host == null || host.isBlank()) {
            throw new InvalidStoreUrlException("postgresql store URL has no host");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidStoreUrlException("postgresql store URL port must be a number from 1 to 65535");
        }
        if (database == null || database.isBlank()) {
            throw new InvalidStoreUrlException("postgresql store URL names no database (expected .../DATABASE)");
        }
        if (user != null && user.isEmpty()) {
            throw new InvalidStoreUrlException("postgresql store URL has an empty user name");
        }
        var params = new TreeMap<>(Objects.requireNonNull(parameters, "parameters"));
        if (params.containsKey("user") || params.containsKey("password")) {
            throw new InvalidStoreUrlException("postgresql credentials must not be passed as driver parameters");
        }
        return new PostgresUrl(host, port, database, user, password, Collections.unmodifiableSortedMap(params));
    }

    /** The same server and credentials, another database (tests create one database per test). */
    public PostgresUrl withDatabase(String otherDatabase) {
        return of(host, port, otherDatabase, user, password, parameters);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** Driver parameters from the query string, sorted by name; never user or password. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** For the connection pool only; never log it. */
    String password() {
        return password;
    }

    /** {@code jdbc:postgresql://host:port/database}, without credentials or parameters. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostAndPort() + "/" + encode(database);
    }

    /** {@code host:port} with IPv6 literals in brackets. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public String toString() {
        var credentials = user == null ? (password == null ? "" : ":***@")
                : encode(user) + (password == null ? "" : ":***") + "@";
        var query = parameters.isEmpty() ? "" : parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
        return "postgresql://" + credentials + hostAndPort() + "/" + encode(database) + query;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresUrl other && host.equals(other.host) && port == other.port
                && database.equals(other.database) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password) && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, parameters);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
