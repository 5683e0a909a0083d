package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationType;
import dev.trustplane.evidence.appraisal.EvidenceType;
import dev.trustplane.evidence.dcap.DcapClaimNames;
import java.util.Optional;

/**
 * What each attest route appraises and how MAA binds the request's data to it (MAA's {@code models.tsp}:
 * SHA-256(runtimeData.data) equals the first 32 bytes of REPORT_DATA / report_data, all 32 for SNP;
 * SHA-256(initTimeData.data) equals SNP HOST_DATA, or the first 32 bytes of the SGX CONFIGID).
 *
 * <p>TDX: MAA says only that it "will verify that the init data was known to the enclave" without naming the
 * field. The TD field an owner sets at launch for this purpose is MRCONFIGID (48 bytes; Confidential Containers
 * put the init-data digest there, as they put it in SNP HOST_DATA), so its first 32 bytes are bound here the way
 * SGX's CONFIGID is. This is Trustplane's reading, not a documented MAA rule.
 *
 * @param evidenceType the evidence appraiser's type for the route
 * @param attestationType the token's {@code x-ms-attestation-type} when the appraisal names none
 * @param reportDataClaim the claim (hex) whose first 32 bytes bind the runtime data, or empty when the route
 *     takes no runtime data
 * @param reportDataField how messages name that field
 * @param initTimeClaim the claim (hex) whose first 32 bytes bind the init-time data, or empty
 * @param initTimeField how messages name that field
 * @param enclaveHeldData whether the token carries the runtime data as {@code x-ms-sgx-ehd} (SGX's "enclave held
 *     data", base64url, as MAA's SGX tokens and the Azure SDKs' {@code getEnclaveHeldData} have it)
 */
record RouteEvidence(EvidenceType evidenceType, String attestationType, Optional<String> reportDataClaim,
        String reportDataField, Optional<String> initTimeClaim, String initTimeField, boolean enclaveHeldData) {

    /** MAA's claim for SGX runtime data ("enclave held data"). */
    static final String ENCLAVE_HELD_DATA = "x-ms-sgx-ehd";

    static RouteEvidence of(AttestationType type) {
        return switch (type) {
            case SEV_SNP_VM -> new RouteEvidence(EvidenceType.SNP, "sevsnpvm", Optional.of("x-ms-sevsnpvm-reportdata"),
                    "REPORT_DATA", Optional.of("x-ms-sevsnpvm-hostdata"), "HOST_DATA", false);
            case AZURE_CVM -> new RouteEvidence(EvidenceType.AZURE_CVM, "azurevm", Optional.empty(), "", Optional.empty(),
                    "", false);
            case TDX_VM -> new RouteEvidence(EvidenceType.TDX, DcapClaimNames.TDX_TYPE,
                    Optional.of(DcapClaimNames.TDX_REPORT_DATA), "REPORTDATA", Optional.of("tdx_mrconfigid"), "MRCONFIGID",
                    false);
            case SGX_ENCLAVE, OPEN_ENCLAVE -> new RouteEvidence(EvidenceType.SGX, DcapClaimNames.SGX_TYPE,
                    Optional.of(DcapClaimNames.SGX_REPORT_DATA), "REPORTDATA", Optional.of("x-ms-sgx-config-id"), "CONFIGID",
                    true);
        };
    }

    /** Whether the route's evidence is an Intel DCAP quote (verified with Intel collateral from the cache). */
    boolean intel() {
        return evidenceType == EvidenceType.TDX || evidenceType == EvidenceType.SGX;
    }
}
