package dev.trustplane.evidence.azure;

import dev.trustplane.evidence.internal.Hex;
import dev.trustplane.evidence.internal.JsonClaims;
import dev.trustplane.evidence.tpm.QuoteCheck;
import dev.trustplane.evidence.tpm.QuoteVerification;
import dev.trustplane.evidence.tpm.TpmClaims;
import dev.trustplane.evidence.tpm.TpmHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims of an Azure CVM appraisal, shaped like the token MAA issues for Azure VM guest attestation
 * ({@code x-ms-attestation-type: azurevm}), so that release policies written for MAA read them:
 * <ul>
 *   <li>top level: {@code x-ms-attestation-type} = {@code azurevm}, {@code x-ms-azurevm-vmid} (the HCL
 *       {@code vmUniqueId}), {@code x-ms-azurevm-attested-pcrs} (indices of the SHA-256 PCRs the
 *       verified vTPM quote covers);</li>
 *   <li>{@code x-ms-isolation-tee}: the hardware claims — for SNP exactly the {@code sevsnpvm} claims
 *       of the SNP verifier ({@code x-ms-sevsnpvm-*} plus our raw {@code sevsnp-*}), for TDX the
 *       {@code tdx_*} names — and {@code x-ms-runtime}: the HCL runtime data as JSON, i.e. {@code keys}
 *       (HCLAkPub and HCLEkPub as JWKs), {@code vm-configuration} and {@code user-data}.</li>
 * </ul>
 * Not emitted, deliberately: MAA's log-derived claims ({@code secureboot}, {@code x-ms-azurevm-bootdebug-enabled},
 * {@code -dbvalidated}, {@code -kerneldebug-enabled}, {@code -osdistro}, …), because they come from
 * replaying the TCG event log, which this evidence does not carry — the host's view of secure boot is in
 * {@code x-ms-runtime.vm-configuration.secure-boot}; and {@code x-ms-compliance-status}
 * ({@code azure-compliant-cvm}), which is Microsoft's judgement against its own reference values. MAA
 * has no {@code x-ms-azurevm-is-debuggable}; debuggability is {@code x-ms-sevsnpvm-is-debuggable}.
 * Raw fields follow under our own prefixes: {@code azure-hcl-*} and the vTPM quote's {@code tpm-*}.
 */
final class AzureClaims {
    static final String TYPE = "azurevm";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AzureClaims() {}

    static Map<String, Object> of(HclReport hcl, int formatVersion, Map<String, Object> teeClaims,
            Optional<QuoteVerification> quote) {
        RuntimeData rt = hcl.runtimeData();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("x-ms-attestation-type", TYPE);
        c.put("x-ms-azurevm-vmid", rt.vmConfiguration().vmUniqueId());
        if (quote.isPresent() && quote.get().passed(QuoteCheck.PCR_DIGEST)) {
            c.put("x-ms-azurevm-attested-pcrs", quote.get().quotedPcrs().indices(TpmHash.SHA256));
        }
        Map<String, Object> tee = new LinkedHashMap<>(teeClaims);
        runtime(rt).ifPresent(r -> tee.put("x-ms-runtime", r));
        c.put("x-ms-isolation-tee", tee);
        c.put("azure-hcl-version", hcl.version());
        c.put("azure-hcl-report-type", hcl.hardwareReportType().name());
        c.put("azure-hcl-evidence-format", formatVersion);
        c.put("azure-hcl-runtime-data-" + hcl.reportDataHash().name().toLowerCase(java.util.Locale.ROOT),
                Hex.encode(hcl.reportDataHash().digest(rt.bytes())));
        rt.userData().ifPresent(u -> c.put("azure-hcl-user-data", Hex.encode(u)));
        quote.ifPresent(q -> c.putAll(TpmClaims.of(q, rt.akPub(), Optional.empty())));
        return c;
    }

    /** The runtime data JSON as a claim value; its bytes were parsed once already, so this cannot fail. */
    private static Optional<Object> runtime(RuntimeData rt) {
        try {
            return Optional.ofNullable(JsonClaims.of(JSON.readTree(rt.bytes())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
