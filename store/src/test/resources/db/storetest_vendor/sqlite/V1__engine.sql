-- sqlite_version() exists only on SQLite: this script would fail on PostgreSQL.
CREATE TABLE storetest_engine (name TEXT NOT NULL);
INSERT INTO storetest_engine (name) SELECT 'sqlite' WHERE sqlite_version() IS NOT NULL;
