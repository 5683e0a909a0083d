package dev.trustplane.evidence.appraisal;

import java.util.Locale;
import java.util.Optional;

/** The kinds of evidence {@link EvidenceAppraiser} appraises, by the names the CLI's {@code --type} uses. */
public enum EvidenceType {
    /** A bare AMD SEV-SNP attestation report (1184 bytes). */
    SNP("snp"),
    /** Azure confidential VM evidence: HCL report plus vTPM quote (files or Trustee JSON). */
    AZURE_CVM("azure-cvm"),
    /** A plain TPM 2.0 quote with its attestation key. */
    TPM("tpm"),
    /** An Intel TDX ECDSA quote (v4 or v5), verified with Intel collateral. */
    TDX("tdx"),
    /** An Intel SGX ECDSA quote (v3, or v4/v5 with an SGX body), verified with Intel collateral. */
    SGX("sgx");

    private final String cliName;

    EvidenceType(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line, e.g. {@code azure-cvm}. */
    public String cliName() {
        return cliName;
    }

    /** The type called {@code name} ({@code snp}, {@code azure-cvm}, {@code tpm}, {@code tdx}, {@code sgx}; case-insensitive). */
    public static Optional<EvidenceType> fromName(String name) {
        for (EvidenceType t : values()) {
            if (t.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
