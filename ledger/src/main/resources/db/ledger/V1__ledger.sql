-- Trustplane ledger: an RFC 6962 Merkle log. Portable between SQLite and PostgreSQL.
-- Every row is written once and never updated, except ledger_head (one row, the integrated tree size).
-- An integration batch writes its entries, the new subtree hashes, the signed checkpoint and the new head
-- in ONE transaction, so the database is always at a batch boundary (see Integrator).

CREATE TABLE ledger_entries (
    idx           BIGINT  NOT NULL PRIMARY KEY,
    collection_id TEXT,
    leaf          ${blob} NOT NULL
);
CREATE INDEX ledger_entries_by_collection ON ledger_entries (collection_id, idx);

-- Root of the complete subtree of 2^lvl leaves starting at leaf idx * 2^lvl (lvl 0 = leaf hashes).
CREATE TABLE ledger_nodes (
    lvl  INTEGER NOT NULL,
    idx  BIGINT  NOT NULL,
    hash ${blob} NOT NULL,
    PRIMARY KEY (lvl, idx)
);

-- Every signed checkpoint, by tree size (the log never signs two different roots for one size).
CREATE TABLE ledger_checkpoints (
    tree_size  BIGINT  NOT NULL PRIMARY KEY,
    root       ${blob} NOT NULL,
    note       TEXT    NOT NULL,
    created_ms BIGINT  NOT NULL
);

-- Verified witness cosignature lines (C2SP tlog-cosignature) for a checkpoint.
CREATE TABLE ledger_cosignatures (
    tree_size BIGINT NOT NULL,
    key_name  TEXT   NOT NULL,
    key_id    BIGINT NOT NULL,
    line      TEXT   NOT NULL,
    PRIMARY KEY (tree_size, key_name, key_id)
);

CREATE TABLE ledger_head (
    id        INTEGER NOT NULL PRIMARY KEY,
    tree_size BIGINT  NOT NULL
);
INSERT INTO ledger_head (id, tree_size) VALUES (1, 0);
