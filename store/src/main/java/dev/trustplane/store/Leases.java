package dev.trustplane.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Named leases in the store: at most one holder per name at a time, until the lease expires or its holder
 * releases it. Servers sharing one database use them so that a background duty runs on one of them at a time.
 *
 * <p><b>Whose clock.</b> Expiry is decided by the database's clock ({@code clock_timestamp()} on PostgreSQL,
 * {@code julianday('now')} on SQLite), read inside the statement that claims the lease, so skew between the
 * servers' clocks cannot make two of them believe they hold the same lease. Acquiring, renewing and taking over
 * an expired lease are one conditional upsert; the engine's row lock (PostgreSQL) or single writer (SQLite)
 * makes concurrent claimants see each other's result, never both succeed.
 *
 * <p><b>What a lease does not promise.</b> A holder that stalls longer than the lease's time to live (a long
 * garbage-collection pause, a frozen VM) may still be running its duty when another server takes over. Duties
 * guarded by a lease must therefore also be safe to run twice (every KMS duty re-checks its condition in its
 * own transaction); the lease makes that rare and keeps the work from being repeated on every server.
 */
public final class Leases {
    /** The owner of the lease table's migrations. */
    public static final String OWNER = "leases";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");
    private static final Duration MIN_TTL = Duration.ofMillis(100);

    /**
     * A lease as the store last recorded it.
     *
     * @param name what the lease guards
     * @param holder who holds it (or held it, when expired)
     * @param acquiredAt when this holder took it
     * @param expiresAt when it lapses unless renewed (database time)
     */
    public record Lease(String name, String holder, Instant acquiredAt, Instant expiresAt) {}

    private final Store store;
    private final String now;

    private Leases(Store store) {
        this.store = store;
        this.now = switch (store.dialect()) {
            case SQLITE -> "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS BIGINT)";
            case POSTGRESQL -> "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)";
        };
    }

    /** Opens the leases of {@code store}, creating their table on first use. */
    public static Leases open(Store store) {
        Objects.requireNonNull(store, "store");
        store.migrate(OWNER, "db/leases");
        return new Leases(store);
    }

    /**
     * Takes the lease {@code name} for {@code holder} for {@code ttl}: succeeds when nobody holds it, when it
     * expired, or when {@code holder} already holds it (then it is renewed). Returns the lease when
     * {@code holder} now holds it, empty when someone else does.
     *
     * @throws IllegalArgumentException on a malformed name or holder, or a time to live under 100 ms
     * @throws StoreException when the store fails (then nothing is known about the lease)
     */
    public Optional<Lease> tryAcquire(String name, String holder, Duration ttl) {
        checkName(name);
        checkHolder(holder);
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("a lease's time to live must be at least " + MIN_TTL.toMillis() + " ms");
        }
        String sql = "INSERT INTO store_leases (name, holder, acquired_at, renewed_at, expires_at) "
                + "VALUES (:name, :holder, " + now + ", " + now + ", " + now + " + :ttl) "
                + "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, renewed_at = excluded.renewed_at, "
                + "expires_at = excluded.expires_at, acquired_at = CASE WHEN store_leases.holder = excluded.holder "
                + "AND store_leases.expires_at > excluded.renewed_at THEN store_leases.acquired_at "
                + "ELSE excluded.acquired_at END "
                + "WHERE store_leases.holder = excluded.holder OR store_leases.expires_at <= excluded.renewed_at "
                + "RETURNING name, holder, acquired_at, expires_at";
        return store.inTransaction(h -> h.createQuery(sql)
                .bind("name", name).bind("holder", holder).bind("ttl", ttl.toMillis())
                .map(LEASE).findOne());
    }

    /** Gives the lease up if {@code holder} holds it, so another server may take it at once. True if it did. */
    public boolean release(String name, String holder) {
        checkName(name);
        checkHolder(holder);
        return store.inTransaction(h -> h.createUpdate("DELETE FROM store_leases WHERE name = :name AND holder = :holder")
                .bind("name", name).bind("holder", holder).execute()) > 0;
    }

    /** The lease {@code name} as recorded, expired or not; empty if never taken or released. */
    public Optional<Lease> find(String name) {
        checkName(name);
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name, holder, acquired_at, expires_at FROM store_leases WHERE name = :name")
                .bind("name", name).map(LEASE).findOne());
    }

    /** Every recorded lease, by name. */
    public List<Lease> list() {
        return store.jdbi().withHandle(h -> h.createQuery(
                "SELECT name, holder, acquired_at, expires_at FROM store_leases ORDER BY name").map(LEASE).list());
    }

    /** The database's clock, the one lease expiry is measured against. */
    public Instant databaseTime() {
        return Instant.ofEpochMilli(store.jdbi().withHandle(h -> h.createQuery("SELECT " + now).mapTo(Long.class).one()));
    }

    private static final RowMapper<Lease> LEASE = (rs, ctx) -> new Lease(rs.getString("name"), rs.getString("holder"),
            Instant.ofEpochMilli(rs.getLong("acquired_at")), Instant.ofEpochMilli(rs.getLong("expires_at")));

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a lease name is 1-100 characters of a-z, 0-9, '.', '_' and '-', "
                    + "starting with a letter");
        }
    }

    private static void checkHolder(String holder) {
        if (holder == null || holder.isBlank() || holder.length() > 200) {
            throw new IllegalArgumentException("a lease holder is 1-200 characters");
        }
    }
}
