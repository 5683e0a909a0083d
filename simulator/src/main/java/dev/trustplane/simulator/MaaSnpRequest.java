package dev.trustplane.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of Microsoft Azure Attestation's {@code POST /attest/SevSnpVm} for simulated evidence,
 * in the form Azure confidential containers (the confidential sidecar's MAA client) send it:
 *
 * <pre>
 * {"report": base64url(UTF-8 JSON {
 *      "SnpReport":     base64url(1184 report bytes),
 *      "VcekCertChain": base64url(PEM: VCEK, then ASK, then ARK — what THIM/IMDS serves),
 *      "Endorsements":  base64url({"Uvm":[]})   (no UVM reference info for a plain VM)
 *  }),
 *  "runtimeData": {"data": base64url(runtime data bytes), "dataType": "JSON"}   (only when given)
 * }
 * </pre>
 * base64url is unpadded. MAA binds runtime data by requiring SHA-256(runtimeData.data) to equal
 * REPORT_DATA[0:32]; {@link #reportDataFor} computes that value.
 */
public final class MaaSnpRequest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private MaaSnpRequest() {}

    /**
     * The request body.
     *
     * @param evidence the simulated report and certificates
     * @param runtimeData the runtime data bound into REPORT_DATA, or {@code null} for none
     */
    public static String body(SimulatedSnpEvidence evidence, byte[] runtimeData) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("SnpReport", B64URL.encodeToString(evidence.report()));
        String chain = Pem.certificate(evidence.vcek()) + evidence.certChainPem();
        inner.put("VcekCertChain", B64URL.encodeToString(chain.getBytes(StandardCharsets.US_ASCII)));
        inner.put("Endorsements", B64URL.encodeToString("{\"Uvm\":[]}".getBytes(StandardCharsets.US_ASCII)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", B64URL.encodeToString(JSON.writeValueAsBytes(inner)));
        if (runtimeData != null) {
            Map<String, Object> rt = new LinkedHashMap<>();
            rt.put("data", B64URL.encodeToString(runtimeData));
            rt.put("dataType", "JSON");
            body.put("runtimeData", rt);
        }
        return JSON.writeValueAsString(body);
    }

    /** REPORT_DATA that binds {@code runtimeData} the way MAA checks it: SHA-256, zero-padded to 64 bytes. */
    public static byte[] reportDataFor(byte[] runtimeData) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(runtimeData), 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
