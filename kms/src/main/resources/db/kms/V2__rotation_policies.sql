-- Rotation policies, one per key name, as JSON (Key Vault's KeyRotationPolicy minus the id).
CREATE TABLE kms_rotation_policies (
    name     TEXT PRIMARY KEY,
    policy   TEXT NOT NULL,
    created  BIGINT NOT NULL,
    updated  BIGINT NOT NULL
);
