package dev.trustplane.evidence.appraisal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import dev.trustplane.evidence.tpm.PcrValues;
import dev.trustplane.evidence.tpm.TpmHash;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * PCR values given as a separate file, in the same shape the {@code tpm-pcrs} claim has:
 * {@code {"sha256": {"0": "<hex>", "1": "<hex>", ...}, "sha1": {...}}}. One format, readable by people
 * and produced by our own tools; a quote covers only the PCRs it selects, so extra values are harmless.
 */
final class PcrJson {
    private PcrJson() {}

    static PcrValues parse(EvidenceInput in) throws EvidenceFormatException {
        JsonNode root = InputKind.json(in.bytes()).orElseThrow(() -> malformed(in, "not JSON"));
        PcrValues.Builder b = PcrValues.builder();
        for (Map.Entry<String, JsonNode> bank : root.properties()) {
            TpmHash hash;
            try {
                hash = TpmHash.valueOf(bank.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw malformed(in, "unknown bank " + bank.getKey());
            }
            if (!bank.getValue().isObject()) {
                throw malformed(in, bank.getKey() + " is not an object of index: hex");
            }
            for (Map.Entry<String, JsonNode> pcr : bank.getValue().properties()) {
                try {
                    b.put(hash, Integer.parseInt(pcr.getKey()), HexFormat.of().parseHex(pcr.getValue().asString()));
                } catch (IllegalArgumentException e) {
                    throw malformed(in, bank.getKey() + "." + pcr.getKey() + ": " + e.getMessage());
                }
            }
        }
        return b.build();
    }

    private static EvidenceFormatException malformed(EvidenceInput in, String detail) {
        return new EvidenceFormatException(ReasonCode.MALFORMED, in.name(), -1, detail);
    }
}
