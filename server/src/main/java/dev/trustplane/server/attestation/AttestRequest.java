package dev.trustplane.server.attestation;

import dev.trustplane.attestation.AttestationType;
import dev.trustplane.evidence.appraisal.EvidenceInput;
import dev.trustplane.server.http.ApiException;
import dev.trustplane.server.http.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An attest call, decoded and shape-checked but not yet appraised. Decoding failures are 400s whose code
 * names the failed check ({@code InvalidBase64}, {@code InvalidJson}, {@code InvalidParameter}), never 500s.
 *
 * @param type the route's attestation type
 * @param evidence the blobs for the evidence appraiser (report, certificates)
 * @param evidenceBytes the evidence as received (its SHA-256 goes to the decision log)
 * @param quoteNonce the nonce the evidence itself must carry (vTPM quote extraData), for AzureCvm
 * @param runtimeData runtime data to bind to REPORT_DATA
 * @param initTimeData init-time data to bind to HOST_DATA
 * @param nonce the client's nonce, echoed in the token
 * @param draftPolicy a candidate policy to evaluate instead of the stored one
 */
record AttestRequest(AttestationType type, List<EvidenceInput> evidence, byte[] evidenceBytes,
        Optional<byte[]> quoteNonce, Optional<BoundData> runtimeData, Optional<BoundData> initTimeData,
        Optional<String> nonce, Optional<String> draftPolicy) {

    /** MAA's limit on the echoed nonce (issue 6: "a nonce over 1 KiB" is bad input). */
    static final int MAX_NONCE = 1024;

    /**
     * Runtime or init-time data: the bytes that are hashed, and their claims when sent as JSON.
     *
     * @param bytes the decoded {@code data}
     * @param claims the JSON object when {@code dataType} is JSON, else empty
     */
    record BoundData(byte[] bytes, Map<String, Object> claims) {}

    /** Decodes {@code runtimeData}/{@code initTimeData}: {@code {data: base64url, dataType: JSON|Binary}}. */
    static Optional<BoundData> boundData(JsonNode body, String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw invalid("'" + member + "' must be an object {data, dataType}.");
        }
        byte[] data = Base64Url.decode(text(node, "data", member + ".data").orElseThrow(
                () -> invalid("'" + member + ".data' is required.")), member + ".data");
        String dataType = text(node, "dataType", member + ".dataType").orElse("Binary");
        if (dataType.equalsIgnoreCase("Binary")) {
            return Optional.of(new BoundData(data, Map.of()));
        }
        if (!dataType.equalsIgnoreCase("JSON")) {
            throw invalid("'" + member + ".dataType' must be JSON or Binary.");
        }
        return Optional.of(new BoundData(data, jsonObject(data, member + ".data")));
    }

    /** The optional echoed nonce, at most 1 KiB. */
    static Optional<String> nonce(JsonNode body) {
        Optional<String> nonce = text(body, "nonce", "nonce");
        if (nonce.isPresent() && nonce.get().length() > MAX_NONCE) {
            throw invalid("'nonce' is longer than " + MAX_NONCE + " characters.");
        }
        return nonce;
    }

    /** An optional string member; any other JSON type is a 400. */
    static Optional<String> text(JsonNode node, String member, String path) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw invalid("'" + path + "' must be a string.");
        }
        return Optional.of(v.asString());
    }

    /** Parses bytes that must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(byte[] bytes, String what) {
        return Json.MAPPER.convertValue(jsonNode(bytes, what), Map.class);
    }

    /** Parses bytes that must be a JSON object, as a tree (when only a few members are read). */
    static JsonNode jsonNode(byte[] bytes, String what) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("InvalidJson", "'" + what + "' must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("InvalidJson", "'" + what + "' is not valid JSON.");
        }
    }

    static ApiException invalid(String message) {
        return ApiException.badRequest("InvalidParameter", message);
    }
}
