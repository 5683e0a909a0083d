-- Leases: named, time-limited claims that let one of several servers on the same database run a duty
-- (purging deleted keys, scheduled rotation) at a time. Times are the database's clock in epoch milliseconds,
-- so the servers' own clocks never decide who holds a lease.
CREATE TABLE store_leases (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    acquired_at BIGINT       NOT NULL,
    renewed_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
