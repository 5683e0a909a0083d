/**
 * Microsoft Azure Attestation–compatible attestation: the MAA policy language and its evaluation.
 *
 * <p>Entry points: {@link dev.trustplane.attestation.AttestationPolicy#parse(String)} parses a policy of language
 * version 1.0, 1.1 or 1.2 (errors: {@link dev.trustplane.attestation.PolicyParseException} with line and column);
 * {@link dev.trustplane.attestation.AttestationPolicy#evaluate(PolicyInput)} decides over incoming claims and
 * returns a {@link dev.trustplane.attestation.PolicyDecision} with issued claims and an
 * {@link dev.trustplane.attestation.Explanation}; {@link dev.trustplane.attestation.DefaultPolicies} holds the
 * per-type defaults; {@link dev.trustplane.attestation.PolicyUpload} splits the upload forms (text, unsigned JWT,
 * JWS) and {@link dev.trustplane.attestation.PolicyHash} computes {@code x-ms-policy-hash}.
 */
package dev.trustplane.attestation;
