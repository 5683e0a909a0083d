/**
 * TPM 2.0 quote parsing and verification (TCG TPM 2.0 Library, Part 2: Structures).
 *
 * <p>Parse with {@link dev.trustplane.evidence.tpm.TpmsAttest#parse},
 * {@link dev.trustplane.evidence.tpm.TpmSignature#parse} (or {@code raw} for header-less
 * signatures) and {@link dev.trustplane.evidence.tpm.AttestationKey} (TPMT_PUBLIC, TPM2B_PUBLIC,
 * SPKI, PEM, JWK); verify with {@link dev.trustplane.evidence.tpm.QuoteVerifier#verify}, which
 * pins the algorithm to the key, recomputes pcrDigest and compares extraData with the nonce.
 * Malformed input raises the checked {@link dev.trustplane.evidence.tpm.TpmFormatException} naming
 * field and byte offset; verification never throws and reports every failed check with a code.
 */
package dev.trustplane.evidence.tpm;
