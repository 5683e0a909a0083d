package dev.trustplane.store;

/**
 * Outcome of {@link Store#migrate(String, String...)} for one owner.
 *
 * @param owner   the module that owns the tables, e.g. {@code ledger}
 * @param version the schema version now in place; {@code "0"} when the owner has no versioned migration
 * @param applied how many migrations this call applied (0 when already up to date)
 */
public record Migration(String owner, String version, int applied) {}
