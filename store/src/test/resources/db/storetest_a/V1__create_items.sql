-- Portable across SQLite and PostgreSQL through the store's placeholders.
CREATE TABLE storetest_items (
    id ${id_pk},
    name TEXT NOT NULL UNIQUE,
    payload ${blob}
);
