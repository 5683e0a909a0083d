-- version() and ILIKE exist only on PostgreSQL: this script would fail on SQLite.
CREATE TABLE storetest_engine (name TEXT NOT NULL);
INSERT INTO storetest_engine (name) SELECT 'postgresql' WHERE version() ILIKE 'postgresql%';
