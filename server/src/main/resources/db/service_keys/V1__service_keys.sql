-- The server's own signing identities (ledger checkpoint key, attestation token keys, key-release signing key),
-- portable SQLite/PostgreSQL. service_keys holds one public row per key version: its primary key decides, across
-- replicas starting at once, which generated key becomes THE key. service_key_copies holds that key's private
-- part sealed (AES-256-GCM) by each master key that may open it: the data dir's local master key and, with a
-- security domain, the domain's master key (the escrow copy recovery restores from). Associated data of every
-- copy: "trustplane-service-key-v1/<name>/<version>/<label>".
CREATE TABLE service_keys (
    name       VARCHAR(64)  NOT NULL,
    version    BIGINT       NOT NULL,
    label      VARCHAR(200) NOT NULL,
    public_key TEXT         NOT NULL,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE service_key_copies (
    name          VARCHAR(64)  NOT NULL,
    version       BIGINT       NOT NULL,
    master_key_id VARCHAR(200) NOT NULL,
    sealed        ${blob}      NOT NULL,
    PRIMARY KEY (name, version, master_key_id)
);
