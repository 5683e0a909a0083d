package dev.trustplane.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only access to what the public API hides on purpose: the password. Lives in this package, in
 * test code, because {@link PostgresUrl#password()} is package-private. Never use it in production code.
 */
public final class TestAccess {

    private TestAccess() {}

    /**
     * A plain autocommit JDBC connection, for statements a store cannot run (CREATE DATABASE refuses
     * transactions and read-only sessions).
     */
    public static Connection openAdminConnection(PostgresUrl url) throws SQLException {
        var props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("connectTimeout", "3");
        props.putAll(url.parameters());
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /** The location as a string that {@link StoreUrl#parse} turns back into an equal location, password included. */
    public static String unredacted(StoreUrl url) {
        if (url instanceof PostgresUrl pg && pg.password() != null) {
            // toString() writes the password as ":***@" after the %-encoded user; no encoded user contains ':'.
            String password = URLEncoder.encode(pg.password(), StandardCharsets.UTF_8).replace("+", "%20");
            return pg.toString().replaceFirst(Pattern.quote(":***@"), Matcher.quoteReplacement(":" + password + "@"));
        }
        return url.toString();
    }
}
