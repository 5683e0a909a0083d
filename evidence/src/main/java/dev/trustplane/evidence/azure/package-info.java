/**
 * Azure confidential VM evidence: the HCL (paravisor) report with its embedded SEV-SNP report or
 * TDX TDREPORT and its runtime data (HCLAkPub, VM configuration, user-data), plus the vTPM quote.
 *
 * <p>Read evidence with {@link dev.trustplane.evidence.azure.TrusteeEvidenceJson#parse} (Trustee
 * {@code az-snp-vtpm} / {@code az-tdx-vtpm} JSON, all versions) or assemble it from files with
 * {@link dev.trustplane.evidence.azure.HclReport#parse},
 * {@link dev.trustplane.evidence.azure.VtpmQuote} and
 * {@link dev.trustplane.evidence.azure.AzureCvmEvidence#fromParts}; appraise the Azure-specific
 * links with {@link dev.trustplane.evidence.azure.AzureCvmVerifier#verify}, which alone is not
 * anchored in hardware; {@link dev.trustplane.evidence.azure.AzureCvmAppraiser} appraises the whole
 * chain (SNP report and VCEK chain, VMPL 0, binding, vTPM quote, nonce) into one
 * {@link dev.trustplane.evidence.AppraisalResult}. TDX-backed reports stay non-genuine until TD quotes
 * are verified.
 */
package dev.trustplane.evidence.azure;
