ALTER TABLE storetest_items ADD COLUMN counter BIGINT NOT NULL DEFAULT 0;
CREATE TABLE storetest_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
