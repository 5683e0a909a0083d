package dev.trustplane.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustplane.store.PostgresUrl;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreException.Code;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.postgresql.util.PSQLException;

/**
 * The PostgreSQL connection pool. Fails fast: one connection attempt at open, bounded by the driver's
 * {@code connectTimeout} (TCP) and {@code loginTimeout} (whole handshake, for a server that accepts
 * and then says nothing). The password goes to Hikari as a credential, never into the JDBC URL, so
 * neither Hikari (which masks it) nor the driver's "connecting to URL" logs can show it.
 *
 * <p>Like SQLite, two pools: writers for transactions and read-only readers ({@code readOnlyMode=always}
 * makes the driver enforce it outside transactions too), so code that writes through the reader
 * {@code Jdbi} fails on both engines alike, not only on SQLite.
 */
final class PostgresPool {

    static final int CONNECT_TIMEOUT_SECONDS = 3;
    static final int LOGIN_TIMEOUT_SECONDS = 5;

    private PostgresPool() {}

    static HikariDataSource open(PostgresUrl url, String password, boolean readers) {
        var config = new HikariConfig();
        config.setPoolName(readers ? "trustplane-postgresql-readers" : "trustplane-postgresql-writers");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        if (password != null) {
            config.setPassword(password);
        }
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("loginTimeout", String.valueOf(LOGIN_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "trustplane");
        if (readers) {
            config.setReadOnly(true);
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        url.parameters().forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(Code.UNAVAILABLE, "cannot connect to PostgreSQL at " + url.hostAndPort()
                    + ", database '" + url.database() + "'" + url.user().map(u -> ", user '" + u + "'").orElse("")
                    + ": " + reason(e), e);
        }
    }

    /** A short reason from the cause chain; never the raw driver text, which can be long and multi-line. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case UnknownHostException u -> { return "unknown host"; }
                case ConnectException c -> { return "connection refused"; }
                case NoRouteToHostException n -> { return "no route to host"; }
                case SocketTimeoutException s -> { return "timed out"; }
                case PSQLException p when p.getSQLState() != null -> {
                    String state = p.getSQLState();
                    if (state.equals("28P01") || state.equals("28000")) {
                        return "authentication failed";
                    }
                    if (state.equals("3D000")) {
                        return "database does not exist";
                    }
                    if (state.equals("53300")) {
                        return "too many connections";
                    }
                    if (state.equals("08001") && String.valueOf(p.getMessage()).contains("timed out")) {
                        return "timed out";
                    }
                    if (p.getCause() == null) {
                        return "refused (SQLSTATE " + state + ")";
                    }
                }
                default -> { }
            }
        }
        return "no answer (" + e.getClass().getSimpleName() + ")";
    }
}
