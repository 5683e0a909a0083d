package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.tpm.AttestationKey;
import java.util.Optional;

/**
 * Everything needed to appraise an Azure confidential VM: the HCL report (which embeds the SNP or
 * TDX hardware report and the runtime data carrying HCLAkPub) and the vTPM quote.
 *
 * @param formatVersion trustee evidence version (0 = legacy unversioned; 2 = user-data carries the
 *     nonce); 0 for evidence assembled from separate files
 * @param suppliedAk an AK given beside the evidence (separate-files form); if present it must equal
 *     HCLAkPub, the quote is always verified with HCLAkPub
 * @param vcek the VCEK as shipped (PEM text for trustee v0, DER for v1+), SNP only, unverified here
 * @param tdQuote the TDX quote over the TDREPORT, TDX only, unverified here
 */
public record AzureCvmEvidence(
        int formatVersion,
        HclReport hclReport,
        VtpmQuote quote,
        Optional<AttestationKey> suppliedAk,
        Optional<byte[]> vcek,
        Optional<byte[]> tdQuote) {

    /** Evidence assembled from separate files: HCL report, quote parts, optional separate AK. */
    public static AzureCvmEvidence fromParts(HclReport hcl, VtpmQuote quote, Optional<AttestationKey> ak) {
        return new AzureCvmEvidence(0, hcl, quote, ak, Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<byte[]> vcek() {
        return vcek.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> tdQuote() {
        return tdQuote.map(byte[]::clone);
    }
}
