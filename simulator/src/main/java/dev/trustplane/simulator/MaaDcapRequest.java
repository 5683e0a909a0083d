package dev.trustplane.simulator;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of Microsoft Azure Attestation's {@code POST /attest/TdxVm} and {@code /attest/SgxEnclave} for a
 * simulated quote:
 *
 * <pre>
 * {"quote": base64url(quote bytes),
 *  "runtimeData": {"data": base64url(runtime data bytes), "dataType": "JSON"}   (only when given)}
 * </pre>
 * base64url is unpadded. MAA binds runtime data by requiring SHA-256(runtimeData.data) to equal
 * REPORTDATA[0:32]; {@link MaaSnpRequest#reportDataFor} computes that value.
 */
public final class MaaDcapRequest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private MaaDcapRequest() {}

    /**
     * @param quote the quote
     * @param runtimeData the runtime data bound into REPORTDATA, or {@code null} for none
     */
    public static String body(byte[] quote, byte[] runtimeData) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quote", B64URL.encodeToString(quote));
        if (runtimeData != null) {
            Map<String, Object> rt = new LinkedHashMap<>();
            rt.put("data", B64URL.encodeToString(runtimeData));
            rt.put("dataType", "JSON");
            body.put("runtimeData", rt);
        }
        return JSON.writeValueAsString(body);
    }
}
