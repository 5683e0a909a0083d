package dev.trustplane.server.attestation;

import static dev.trustplane.server.attestation.AttestRequest.invalid;
import static dev.trustplane.server.attestation.AttestRequest.text;

import dev.trustplane.attestation.AttestationType;
import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import dev.trustplane.evidence.dcap.OpenEnclaveReport;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies of the attest routes, decoded into {@link AttestRequest}s.
 *
 * <p><b>SevSnpVm</b> (MAA's, as Azure confidential containers send it; see {@code MaaSnpRequest}):
 * {@code {report, runtimeData{data,dataType}, initTimeData{data,dataType}, nonce, draftPolicyForAttestation}}
 * where {@code report} = base64url(JSON {@code {SnpReport: base64url(1184 bytes), VcekCertChain:
 * base64url(PEM VCEK, ASK, ARK), Endorsements: base64url(JSON {"Uvm": [base64url(COSE_Sign1)]})}}).
 * Endorsements (the UVM reference info) are checked for shape and not appraised ({@link SnpEndorsements}).
 *
 * <p><b>AzureCvm</b> (Trustplane's own; MAA has no such route): {@code {hclReport: base64url(HCL report),
 * tpmQuote: {message: base64url(TPMS_ATTEST), signature: base64url(TPMT_SIGNATURE), pcrs: [base64url(32-byte
 * SHA-256 PCR 0), … PCR 23]}, vcekCertChain: base64url(PEM VCEK, ASK, ARK; optional, as in SevSnpVm's report),
 * vcek: base64url(DER; optional, when the chain is not sent), nonce: base64url(the quote's extraData, at most
 * 64 bytes), draftPolicyForAttestation}}. The HCL report binds the vTPM attestation key through SNP REPORT_DATA;
 * the quote, signed by that key, binds the nonce; so the nonce is the freshness proof and is echoed (as sent)
 * in the token's {@code nonce}. runtimeData/initTimeData do not apply (the HCL runtime data is in the report).
 *
 * <p><b>TdxVm</b> and <b>SgxEnclave</b> (MAA's {@code AttestTdxVmRequest}/{@code AttestSgxEnclaveRequest}):
 * {@code {quote: base64url(Intel DCAP ECDSA quote), runtimeData, initTimeData, nonce, draftPolicyForAttestation}}.
 * <b>OpenEnclave</b>: the same with {@code report} = base64url of what Open Enclave's {@code oe_get_report} returns
 * for a remote report: its 16-byte header ({@code u32 version} 1, {@code u32 report_type} 2 = SGX remote,
 * {@code u64 report_size}) followed by the SGX ECDSA quote; the header is checked exactly and removed here
 * ({@link OpenEnclaveReport}). An Open Enclave report sent to SgxEnclave is refused rather than unwrapped: each
 * route takes the evidence MAA's does. The PCK chain travels in the quote; the rest of Intel's collateral comes
 * from the server's collateral cache, not from the request (as MAA takes it from its own cache of Intel's).
 */
final class AttestBodies {
    private AttestBodies() {}

    static AttestRequest sevSnpVm(JsonNode body) {
        String report = text(body, "report", "report").orElseThrow(() -> invalid("'report' is required."));
        byte[] reportJson = Base64Url.decode(report, "report");
        JsonNode inner = AttestRequest.jsonNode(reportJson, "report");
        JsonNode snp = inner.get("SnpReport");
        if (snp == null || !snp.isString()) {
            throw invalid("'report' must carry 'SnpReport' (base64url of the 1184-byte SNP report).");
        }
        List<EvidenceInput> inputs = new ArrayList<>();
        inputs.add(new EvidenceInput("SnpReport", Base64Url.decode(snp.asString(), "report.SnpReport")));
        JsonNode chain = inner.get("VcekCertChain");
        if (chain != null && chain.isString()) {
            inputs.add(new EvidenceInput("VcekCertChain", Base64Url.decode(chain.asString(), "report.VcekCertChain")));
        } else if (chain != null) { // present, even as null, but not a string
            throw invalid("'report.VcekCertChain' must be a base64url string.");
        }
        JsonNode endorsements = inner.get("Endorsements");
        if (endorsements != null && endorsements.isString()) {
            if (!endorsements.asString().isEmpty()) { // an empty string carries no endorsement: as if absent
                SnpEndorsements.check(Base64Url.decode(endorsements.asString(), "report.Endorsements"));
            }
        } else if (endorsements != null && !endorsements.isNull()) {
            throw invalid("'report.Endorsements' must be a base64url string.");
        }
        return new AttestRequest(AttestationType.SEV_SNP_VM, inputs, reportJson, Optional.empty(),
                AttestRequest.boundData(body, "runtimeData"), AttestRequest.boundData(body, "initTimeData"),
                AttestRequest.nonce(body), text(body, "draftPolicyForAttestation", "draftPolicyForAttestation"));
    }

    static AttestRequest tdxVm(JsonNode body) {
        byte[] quote = quote(body, "quote");
        return dcap(AttestationType.TDX_VM, body, quote, quote);
    }

    static AttestRequest sgxEnclave(JsonNode body) {
        byte[] quote = quote(body, "quote");
        if (OpenEnclaveReport.looksLike(quote)) {
            throw ApiException.badRequest("EvidenceMalformed",
                    "'quote' is an Open Enclave report, not an SGX quote; send it to /attest/OpenEnclave as 'report'.");
        }
        return dcap(AttestationType.SGX_ENCLAVE, body, quote, quote);
    }

    static AttestRequest openEnclave(JsonNode body) {
        byte[] report = quote(body, "report");
        try {
            return dcap(AttestationType.OPEN_ENCLAVE, body, OpenEnclaveReport.quote(report), report);
        } catch (EvidenceFormatException e) {
            throw ApiException.badRequest("EvidenceMalformed", "'report' is not an Open Enclave SGX remote report: "
                    + e.getMessage());
        }
    }

    private static byte[] quote(JsonNode body, String member) {
        byte[] bytes = Base64Url.decode(required(body, member), member);
        if (bytes.length == 0) {
            throw invalid("'" + member + "' is empty.");
        }
        return bytes;
    }

    /** @param received the evidence as sent (the decision log records its digest) */
    private static AttestRequest dcap(AttestationType type, JsonNode body, byte[] quote, byte[] received) {
        return new AttestRequest(type, List.of(new EvidenceInput("quote", quote)), received, Optional.empty(),
                AttestRequest.boundData(body, "runtimeData"), AttestRequest.boundData(body, "initTimeData"),
                AttestRequest.nonce(body), text(body, "draftPolicyForAttestation", "draftPolicyForAttestation"));
    }

    static AttestRequest azureCvm(JsonNode body) {
        byte[] hcl = Base64Url.decode(required(body, "hclReport"), "hclReport");
        JsonNode quote = body.get("tpmQuote");
        if (quote == null || !quote.isObject()) {
            throw invalid("'tpmQuote' must be an object {message, signature, pcrs}.");
        }
        HexFormat hex = HexFormat.of();
        byte[] message = Base64Url.decode(required(quote, "message"), "tpmQuote.message");
        byte[] signature = Base64Url.decode(required(quote, "signature"), "tpmQuote.signature");
        JsonNode pcrs = quote.get("pcrs");
        if (pcrs == null || !pcrs.isArray() || pcrs.size() != 24) {
            throw invalid("'tpmQuote.pcrs' must be an array of the 24 SHA-256 PCR values.");
        }
        List<String> pcrHex = new ArrayList<>();
        for (int i = 0; i < pcrs.size(); i++) {
            if (!pcrs.get(i).isString()) {
                throw invalid("'tpmQuote.pcrs[" + i + "]' must be a base64url string.");
            }
            pcrHex.add(hex.formatHex(Base64Url.decode(pcrs.get(i).asString(), "tpmQuote.pcrs[" + i + "]")));
        }
        String nonceText = required(body, "nonce");
        byte[] nonce = Base64Url.decode(nonceText, "nonce");
        if (nonce.length == 0 || nonce.length > 64) {
            throw invalid("'nonce' must decode to 1 to 64 bytes (the vTPM quote's extraData).");
        }
        // The evidence appraiser reads Trustee's az-snp-vtpm v2 JSON: same parts, hex quote fields.
        Map<String, Object> trustee = new LinkedHashMap<>();
        trustee.put("version", 2);
        trustee.put("tpm_quote", Map.of("signature", hex.formatHex(signature), "message", hex.formatHex(message),
                "pcrs", pcrHex));
        trustee.put("hcl_report", java.util.Base64.getUrlEncoder().encodeToString(hcl));
        text(body, "vcek", "vcek").ifPresent(v -> trustee.put("vcek",
                java.util.Base64.getUrlEncoder().encodeToString(Base64Url.decode(v, "vcek"))));
        byte[] evidence = Json.MAPPER.writeValueAsString(trustee).getBytes(StandardCharsets.UTF_8);
        List<EvidenceInput> inputs = new ArrayList<>();
        inputs.add(new EvidenceInput("AzureCvm", evidence));
        text(body, "vcekCertChain", "vcekCertChain").ifPresent(chain ->
                inputs.add(new EvidenceInput("vcekCertChain", Base64Url.decode(chain, "vcekCertChain"))));
        return new AttestRequest(AttestationType.AZURE_CVM, inputs, evidence,
                Optional.of(nonce), Optional.empty(), Optional.empty(), Optional.of(nonceText),
                text(body, "draftPolicyForAttestation", "draftPolicyForAttestation"));
    }

    private static String required(JsonNode node, String member) {
        return text(node, member, member).orElseThrow(() -> invalid("'" + member + "' is required."));
    }
}
