package dev.trustplane.evidence.azure;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON evidence produced by Trustee's Azure attesters ({@code az-snp-vtpm},
 * {@code az-tdx-vtpm}). Two generations exist:
 *
 * <ul>
 *   <li><b>v0</b> (no {@code version}): byte strings are JSON integer arrays. SNP:
 *       {@code {"quote":{"signature","message","pcrs":[[32 ints]...]}, "report":[...], "vcek":"PEM"}};
 *       TDX: {@code {"tpm_quote":{...}, "hcl_report":[...], "td_quote":[...]}}.</li>
 *   <li><b>v1, v2</b> ({@code "version":n}): {@code tpm_quote} fields are hex strings
 *       ({@code pcrs} a list of hex strings); {@code hcl_report}, {@code vcek} (DER), {@code td_quote}
 *       are base64url. In v2 the HCL {@code user-data} carries the nonce.</li>
 * </ul>
 * Each byte field is accepted in any of these encodings (int array, hex for the quote, base64url or
 * base64 for the rest), which is how the containers have drifted across versions.
 */
public final class TrusteeEvidenceJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TrusteeEvidenceJson() {}

    public static AzureCvmEvidence parse(byte[] json) throws AzureFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new AzureFormatException("evidence", at, "not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new AzureFormatException("evidence", 0, "not a JSON object");
        }
        int version = 0;
        JsonNode v = root.get("version");
        if (v != null) {
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw new AzureFormatException("evidence.version", -1, "not a non-negative integer");
            }
            version = v.intValue();
        }
        String quoteField = root.has("tpm_quote") ? "tpm_quote" : "quote";
        String reportField = root.has("hcl_report") ? "hcl_report" : "report";
        JsonNode q = require(root, quoteField, "evidence");
        String qf = "evidence." + quoteField;
        VtpmQuote quote = VtpmQuote.of(
                hexOrInts(require(q, "message", qf), qf + ".message"),
                hexOrInts(require(q, "signature", qf), qf + ".signature"),
                pcrs(require(q, "pcrs", qf), qf + ".pcrs"));
        HclReport hcl = HclReport.parse(base64OrInts(require(root, reportField, "evidence"), "evidence." + reportField));
        Optional<byte[]> vcek = optional(root, "vcek");
        Optional<byte[]> tdQuote = optional(root, "td_quote");
        return new AzureCvmEvidence(version, hcl, quote, Optional.empty(), vcek, tdQuote);
    }

    private static Optional<byte[]> optional(JsonNode root, String name) throws AzureFormatException {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (name.equals("vcek") && n.isString() && n.stringValue().contains("-----BEGIN")) {
            return Optional.of(n.stringValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return Optional.of(base64OrInts(n, "evidence." + name));
    }

    private static JsonNode require(JsonNode obj, String name, String path) throws AzureFormatException {
        JsonNode n = obj.isObject() ? obj.get(name) : null;
        if (n == null || n.isNull()) {
            throw new AzureFormatException(path + "." + name, -1, "missing");
        }
        return n;
    }

    private static List<byte[]> pcrs(JsonNode n, String field) throws AzureFormatException {
        if (!n.isArray()) {
            throw new AzureFormatException(field, -1, "not an array");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(hexOrInts(n.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static byte[] hexOrInts(JsonNode n, String field) throws AzureFormatException {
        if (n.isArray()) {
            return ints(n, field);
        }
        if (n.isString()) {
            try {
                return HexFormat.of().parseHex(n.stringValue());
            } catch (IllegalArgumentException e) {
                throw new AzureFormatException(field, -1, "not a hex string");
            }
        }
        throw new AzureFormatException(field, -1, "neither a hex string nor a byte array");
    }

    private static byte[] base64OrInts(JsonNode n, String field) throws AzureFormatException {
        if (n.isArray()) {
            return ints(n, field);
        }
        if (n.isString()) {
            String s = n.stringValue().strip();
            try {
                boolean standard = s.indexOf('+') >= 0 || s.indexOf('/') >= 0;
                return (standard ? Base64.getDecoder() : Base64.getUrlDecoder()).decode(s);
            } catch (IllegalArgumentException e) {
                throw new AzureFormatException(field, -1, "not base64url");
            }
        }
        throw new AzureFormatException(field, -1, "neither a base64 string nor a byte array");
    }

    private static byte[] ints(JsonNode n, String field) throws AzureFormatException {
        byte[] out = new byte[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode b = n.get(i);
            if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw new AzureFormatException(field + "[" + i + "]", -1, "not a byte (0..255)");
            }
            out[i] = (byte) b.intValue();
        }
        return out;
    }
}
