package dev.trustplane.kms.release;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An attestation token whose signature, issuer and lifetime have been checked.
 *
 * @param issuer the {@code iss} claim
 * @param claims the whole claims set
 * @param jti the {@code jti} claim, when present (recorded on the ledger)
 * @param sha256 hex SHA-256 of the compact token (recorded on the ledger instead of the token)
 * @param expires the {@code exp} claim
 */
public record VerifiedToken(String issuer, JsonNode claims, Optional<String> jti, String sha256, Instant expires) {}
