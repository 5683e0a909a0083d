/**
 * Azure confidential VM evidence: the HCL (paravisor) report with its embedded SEV-SNP report or
 * TDX TDREPORT and its runtime data (HCLAkPub, VM configuration, user-data), plus the vTPM quote.
 *
 * <p>Read evidence with {@link dev.trustplane.evidence.azure.TrusteeEvidenceJson#parse} (Trustee
 * {@code az-snp-vtpm} / {@code az-tdx-vtpm} JSON, all versions) or assemble it from files with
 * {@link dev.trustplane.evidence.azure.HclReport#parse},
 * {@link dev.trustplane.evidence.azure.VtpmQuote} and
 * {@link dev.trustplane.evidence.azure.AzureCvmEvidence#fromParts}; appraise the Azure-specific
 * links with {@link dev.trustplane.evidence.azure.AzureCvmVerifier#verify}. The hardware report
 * itself ({@link dev.trustplane.evidence.azure.HclReport#hardwareReport()}) must be verified by the
 * SNP or TDX verifier — nothing here is anchored in hardware until that is done.
 */
package dev.trustplane.evidence.azure;
