/**
 * The facade callers use: {@link dev.trustplane.evidence.appraisal.EvidenceAppraiser} takes blobs
 * (evidence plus companions, told apart by content), detects the evidence type, composes the SNP,
 * Azure CVM and TPM appraisers and returns one {@link dev.trustplane.evidence.AppraisalResult}; it
 * never throws for bad input. {@link dev.trustplane.evidence.appraisal.EvidenceType} names the types
 * as the CLI's {@code --type} does.
 */
package dev.trustplane.evidence.appraisal;
