/**
 * AMD SEV-SNP attestation reports: byte-exact parsing and encoding
 * ({@link dev.trustplane.evidence.snp.SnpReport}, {@link dev.trustplane.evidence.snp.SnpReportBuilder}),
 * and verification against the VCEK/VLEK &larr; ASK/ASVK &larr; ARK chain
 * ({@link dev.trustplane.evidence.snp.SnpVerifier}, {@link dev.trustplane.evidence.snp.SnpCollateral},
 * {@link dev.trustplane.evidence.snp.SnpCollateralLoader}).
 *
 * <p>Specifications: AMD SEV Secure Nested Paging Firmware ABI Specification (#56860) for the report,
 * guest policy, platform info and TCB layouts; AMD VCEK Certificate and KDS Interface Specification
 * (#57230) for certificate extensions. Project notes: {@code EVIDENCE-FORMATS.md} §1.
 */
package dev.trustplane.evidence.snp;
