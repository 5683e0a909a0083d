/**
 * The database under every Trustplane module: SQLite (the embedded default) or PostgreSQL.
 *
 * <p>Entry points: {@link dev.trustplane.store.StoreUrl#parse(String)} validates the operator's
 * {@code --store} value; {@link dev.trustplane.store.Store#open} opens pools for it;
 * {@link dev.trustplane.store.Store#migrate} brings a module's tables up to date;
 * {@link dev.trustplane.store.Store#inTransaction} is the only way to write;
 * {@link dev.trustplane.store.Store#jdbi()} reads. SQL differences are isolated in
 * {@link dev.trustplane.store.Dialect}; failures of the store itself are
 * {@link dev.trustplane.store.StoreException}s with a stable code.
 *
 * <p>How a module adds tables: put Flyway scripts {@code V1__what.sql}, {@code V2__...} under
 * {@code src/main/resources/db/<module>/} and call {@code store.migrate("<module>")} at start-up. Each
 * module has its own history table ({@code flyway_history_<module>}), so modules migrate independently.
 * Write portable SQL (TEXT, BIGINT, {@code ON CONFLICT}, {@code RETURNING}); use {@code ${blob}} and
 * {@code ${id_pk}} for the two common differences; put anything else in
 * {@code db/<module>/sqlite} and {@code db/<module>/postgresql} and call
 * {@code store.migrate("<module>", "db/<module>/{vendor}")}. Never edit an applied script: add one.
 * Flyway replaces every {@code ${name}} in a script, so a literal {@code ${} must not appear in SQL.
 *
 * <p>Implementation lives in {@code dev.trustplane.store.internal}, which is not API.
 */
package dev.trustplane.store;
