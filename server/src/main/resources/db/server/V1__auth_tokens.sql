-- Bearer tokens. Only SHA-256 of each token is kept; the token itself is shown once when created.
CREATE TABLE auth_tokens (
    id          VARCHAR(16)  NOT NULL PRIMARY KEY,
    secret_hash CHAR(64)     NOT NULL,
    name        VARCHAR(200) NOT NULL,
    role        VARCHAR(100) NOT NULL,
    scope       VARCHAR(600) NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
