package dev.trustplane.attestation;

import java.util.Locale;
import java.util.Optional;

/** The attestation types that have a policy, by their MAA route name ({@code /attest/{type}}, {@code /policies/{type}}). */
public enum AttestationType {
    /** Intel SGX enclave quote. */
    SGX_ENCLAVE("SgxEnclave"),
    /** Open Enclave report (SGX). */
    OPEN_ENCLAVE("OpenEnclave"),
    /** AMD SEV-SNP confidential VM. */
    SEV_SNP_VM("SevSnpVm"),
    /** Intel TDX confidential VM. */
    TDX_VM("TdxVm"),
    /** Azure confidential VM: HCL report plus vTPM quote (a Trustplane route). */
    AZURE_CVM("AzureCvm");

    private final String routeName;

    AttestationType(String routeName) {
        this.routeName = routeName;
    }

    /** @return the name in routes, e.g. {@code SevSnpVm} */
    public String routeName() {
        return routeName;
    }

    /** @return the type whose route name is {@code name}, ignoring case as MAA's routes do */
    public static Optional<AttestationType> fromRouteName(String name) {
        for (AttestationType t : values()) {
            if (t.routeName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
