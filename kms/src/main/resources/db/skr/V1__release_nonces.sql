-- Secure key release: nonces already used in a release request, kept until the token that carried them
-- expires, so a replayed request is refused. Only a digest of the nonce is stored.
CREATE TABLE skr_used_nonces (
    nonce_sha256 TEXT PRIMARY KEY,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX skr_used_nonces_expiry ON skr_used_nonces (expires_at);
