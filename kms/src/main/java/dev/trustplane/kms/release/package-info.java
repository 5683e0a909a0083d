/**
 * Secure Key Release policies in Azure Key Vault's grammar: {@link dev.trustplane.kms.release.KeyReleasePolicy}
 * parses and validates a policy document (refusals are {@link dev.trustplane.kms.release.InvalidReleasePolicyException}
 * with the JSON path of the bad node) and evaluates it against a verified token's claims, giving a
 * {@link dev.trustplane.kms.release.ReleaseVerdict} that names the first failed condition. Grammar and semantics:
 * {@code docs/secure-key-release.md}.
 */
package dev.trustplane.kms.release;
