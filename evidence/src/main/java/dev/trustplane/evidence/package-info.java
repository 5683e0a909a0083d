/**
 * Evidence appraisal: the small API shared by every technology.
 *
 * <p>{@link dev.trustplane.evidence.AppraisalResult} (verdict, {@link dev.trustplane.evidence.Reason}s
 * with {@link dev.trustplane.evidence.ReasonCode}s, warnings and ordered claims) is what every verifier
 * returns; {@link dev.trustplane.evidence.EvidenceFormatException} is what every parser of untrusted
 * bytes throws; {@link dev.trustplane.evidence.TrustProfile} says which roots are trusted (vendor roots
 * pinned in code, or simulator roots supplied programmatically). Verification time always comes from
 * an injected {@link java.time.Clock}. Technology packages: {@code dev.trustplane.evidence.snp}
 * (AMD SEV-SNP), {@code ...tpm}, {@code ...azure}; the one entry point for callers is
 * {@code dev.trustplane.evidence.appraisal.EvidenceAppraiser}. Implementation details live in
 * {@code internal} subpackages, which are not API.
 */
package dev.trustplane.evidence;
