-- Isolated mode (MAA): the policy-management certificates that must sign every policy change once any is
-- registered, and, per policy, the signed upload as received and its signer (absent for unsigned policies).
CREATE TABLE attestation_policy_certificates (
    thumbprint  VARCHAR(40)  NOT NULL PRIMARY KEY,
    certificate TEXT         NOT NULL,
    added_at    BIGINT       NOT NULL
);
ALTER TABLE attestation_policies ADD COLUMN policy_token TEXT;
ALTER TABLE attestation_policies ADD COLUMN signer_certificate TEXT;
