CREATE TABLE storetest_events (seq BIGINT PRIMARY KEY, thread TEXT NOT NULL, body TEXT NOT NULL);
