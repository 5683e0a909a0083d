-- KMS keys (portable SQLite/PostgreSQL). One row per key name; one row per version.
-- Private material lives only in kms_key_versions.sealed, AES-256-GCM under the master key with
-- "trustplane-kms-v1/<name>/<version>" as associated data; every other column is public.
CREATE TABLE kms_keys (
    name        TEXT PRIMARY KEY,
    next_seq    BIGINT NOT NULL,
    deleted_at  BIGINT,
    purge_at    BIGINT
);

CREATE TABLE kms_key_versions (
    name           TEXT NOT NULL,
    version        TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    kty            TEXT NOT NULL,
    public_jwk     TEXT NOT NULL,
    key_ops        TEXT NOT NULL,
    enabled        INTEGER NOT NULL,
    nbf            BIGINT,
    exp            BIGINT,
    created        BIGINT NOT NULL,
    updated        BIGINT NOT NULL,
    exportable     INTEGER NOT NULL,
    tags           TEXT NOT NULL,
    release_policy TEXT,
    master_key_id  TEXT NOT NULL,
    sealed         ${blob} NOT NULL,
    PRIMARY KEY (name, version),
    UNIQUE (name, seq)
);

CREATE TABLE kms_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
