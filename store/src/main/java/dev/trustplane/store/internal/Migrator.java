package dev.trustplane.store.internal;

import dev.trustplane.store.Dialect;
import dev.trustplane.store.Migration;
import dev.trustplane.store.StoreException;
import dev.trustplane.store.StoreException.Code;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one owner's Flyway migrations.
 *
 * <p>Each owner has its own history table, so the ledger can add V7 without the KMS knowing. That makes
 * the schema "non-empty" for every owner but the first, and Flyway refuses to migrate a non-empty schema
 * without history; {@code baselineOnMigrate} with baseline version 0 answers that by recording a version-0
 * baseline and then applying every V1+ script. An owner whose locations hold no script at all is an error
 * (a typo in the location would otherwise pass silently).
 */
final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private Migrator() {}

    static Migration migrate(DataSource dataSource, Dialect dialect, String owner, String... locations) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("migration owner must match [a-z][a-z0-9_]{0,39}: " + owner);
        }
        String[] classpath = locations.length == 0 ? new String[] {"classpath:db/" + owner}
                : Arrays.stream(locations).map(l -> classpathLocation(l).replace("{vendor}", dialect.vendor()))
                        .toArray(String[]::new);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_" + owner)
                .locations(classpath)
                .placeholders(dialect.migrationPlaceholders())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("store baseline for " + owner)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        try {
            if (flyway.info().all().length == 0) {
                throw new StoreException(Code.MIGRATION_FAILED,
                        "no migrations for '" + owner + "' under " + String.join(", ", classpath));
            }
            MigrateResult result = flyway.migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion != null ? result.initialSchemaVersion : "0";
            LOG.info("Schema of '{}' at version {} ({} migration(s) applied)", owner, version, result.migrationsExecuted);
            return new Migration(owner, version, result.migrationsExecuted);
        } catch (FlywayException e) {
            LOG.error("Migration of '{}' failed", owner, e);
            throw new StoreException(Code.MIGRATION_FAILED,
                    "migration of '" + owner + "' failed: " + firstLine(e.getMessage()) + " (details in the log)", e);
        }
    }

    private static String classpathLocation(String location) {
        if (location.startsWith("classpath:")) {
            return location;
        }
        if (location.contains(":")) {
            throw new IllegalArgumentException("migrations must be on the classpath: " + location);
        }
        return "classpath:" + location;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
