-- The current attestation policy per type (MAA's route name); absent = the built-in default policy.
CREATE TABLE attestation_policies (
    attestation_type VARCHAR(32)  NOT NULL PRIMARY KEY,
    policy_text      TEXT         NOT NULL,
    policy_hash      VARCHAR(64)  NOT NULL,
    updated_at       BIGINT       NOT NULL
);
