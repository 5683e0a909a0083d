package dev.trustplane.evidence.tpm;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain TPM 2.0 quote with its attestation key and claimed PCR values, read from one of the JSON
 * containers in circulation or assembled from separate files.
 *
 * <ul>
 *   <li><b>Trustee {@code tpm}</b>: {@code {"ak_public": base64 SPKI, "tpm_quote": {"message": base64
 *       TPMS_ATTEST, "signature": base64 TPMT_SIGNATURE, "pcrs": [hex, ...]}}}. The PCR list carries
 *       no bank or index: its values are assigned, in order, to the PCRs the quote selects.</li>
 *   <li><b>go-attestation</b> ({@code attest.PlatformParameters}): {@code {"AK": {"Public": base64
 *       TPMT_PUBLIC}, "Quote": {"Quote", "Signature"}} or {@code "Quotes": [...]}, and {@code "Log":
 *       {"PCRs": [{"Index", "Digest" (base64), "DigestAlg" (Go crypto.Hash: 3 SHA-1, 5 SHA-256,
 *       6 SHA-384, 7 SHA-512)}]}}. The event log is not replayed.</li>
 * </ul>
 * The AK is taken from the container: a quote verified with it proves nothing until policy pins that
 * AK (claims {@code tpm-ak-spki-sha256}, {@code tpm-ak-name}).
 *
 * @param quotes one or more quotes over the same AK (go-attestation may quote each bank)
 * @param ak the attestation key, algorithm pinned (TPMT_PUBLIC scheme, or the key type's default)
 * @param akArea the AK's TPMT_PUBLIC when given in that form (its Name becomes a claim)
 * @param pcrs the claimed PCR values
 */
public record TpmQuoteEvidence(List<Quote> quotes, AttestationKey ak, Optional<TpmPublic> akArea, PcrValues pcrs) {

    /** One signed TPMS_ATTEST. */
    public record Quote(TpmsAttest attest, TpmSignature signature) {
        public Quote {
            Objects.requireNonNull(attest, "attest");
            Objects.requireNonNull(signature, "signature");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Integer, TpmHash> GO_CRYPTO_HASH =
            Map.of(3, TpmHash.SHA1, 5, TpmHash.SHA256, 6, TpmHash.SHA384, 7, TpmHash.SHA512);

    public TpmQuoteEvidence {
        quotes = List.copyOf(quotes);
        if (quotes.isEmpty()) {
            throw new IllegalArgumentException("at least one quote");
        }
        Objects.requireNonNull(ak, "ak");
        Objects.requireNonNull(akArea, "akArea");
        Objects.requireNonNull(pcrs, "pcrs");
    }

    /** Whether {@code root} looks like one of the supported JSON containers (detection by content). */
    public static boolean isTpmJson(JsonNode root) {
        return root != null && root.isObject()
                && ((root.has("ak_public") && root.has("tpm_quote")) || (root.has("AK") && (root.has("Quote") || root.has("Quotes"))));
    }

    /** Parses a Trustee or go-attestation JSON container. */
    public static TpmQuoteEvidence parseJson(byte[] json) throws EvidenceFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw malformed("tpm-evidence", "not valid JSON");
        }
        if (!isTpmJson(root)) {
            throw malformed("tpm-evidence", "neither Trustee (ak_public, tpm_quote) nor go-attestation (AK, Quote) JSON");
        }
        try {
            return root.has("ak_public") ? trustee(root) : goAttestation(root);
        } catch (TpmFormatException e) {
            throw e.toEvidenceFormatException();
        }
    }

    private static TpmQuoteEvidence trustee(JsonNode root) throws EvidenceFormatException, TpmFormatException {
        AttestationKey ak = AttestationKey.fromSpki(base64(root.get("ak_public"), "ak_public"));
        JsonNode q = root.get("tpm_quote");
        TpmsAttest attest = TpmsAttest.parse(base64(field(q, "message", "tpm_quote"), "tpm_quote.message"));
        TpmSignature sig = TpmSignature.parse(base64(field(q, "signature", "tpm_quote"), "tpm_quote.signature"));
        JsonNode list = field(q, "pcrs", "tpm_quote");
        if (!list.isArray()) {
            throw malformed("tpm_quote.pcrs", "not an array");
        }
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            values.add(hex(list.get(i), "tpm_quote.pcrs[" + i + "]"));
        }
        return new TpmQuoteEvidence(List.of(new Quote(attest, sig)), ak, Optional.empty(), inSelectionOrder(attest, values));
    }

    private static TpmQuoteEvidence goAttestation(JsonNode root) throws EvidenceFormatException, TpmFormatException {
        TpmPublic area = TpmPublic.parse(base64(field(field(root, "AK", ""), "Public", "AK"), "AK.Public"));
        List<Quote> quotes = new ArrayList<>();
        JsonNode many = root.get("Quotes");
        List<JsonNode> nodes = new ArrayList<>();
        if (many != null && many.isArray()) {
            many.forEach(nodes::add);
        } else {
            nodes.add(field(root, "Quote", ""));
        }
        for (JsonNode q : nodes) {
            quotes.add(new Quote(TpmsAttest.parse(base64(field(q, "Quote", "Quote"), "Quote.Quote")),
                    TpmSignature.parse(base64(field(q, "Signature", "Quote"), "Quote.Signature"))));
        }
        PcrValues.Builder pcrs = PcrValues.builder();
        JsonNode log = root.get("Log");
        JsonNode list = log == null ? null : log.get("PCRs");
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode p = list.get(i);
                String f = "Log.PCRs[" + i + "]";
                TpmHash bank = GO_CRYPTO_HASH.get(field(p, "DigestAlg", f).asInt(-1));
                if (bank == null) {
                    throw malformed(f + ".DigestAlg", "unsupported Go crypto.Hash " + p.get("DigestAlg"));
                }
                put(pcrs, bank, field(p, "Index", f).asInt(-1), base64(field(p, "Digest", f), f + ".Digest"), f);
            }
        }
        return new TpmQuoteEvidence(quotes, AttestationKey.of(area), Optional.of(area), pcrs.build());
    }

    /** Assigns a bank-less list of values to the quote's selected PCRs, in selection order. */
    static PcrValues inSelectionOrder(TpmsAttest attest, List<byte[]> values) throws EvidenceFormatException {
        PcrValues.Builder b = PcrValues.builder();
        int next = 0;
        for (PcrSelection sel : attest.pcrSelections()) {
            TpmHash bank = sel.hash().orElseThrow(() -> malformed("tpm_quote.message", "unsupported PCR bank"));
            for (int index : sel.indices()) {
                if (next >= values.size()) {
                    throw malformed("tpm_quote.pcrs", values.size() + " values for more selected PCRs");
                }
                put(b, bank, index, values.get(next++), "tpm_quote.pcrs[" + (next - 1) + "]");
            }
        }
        if (next != values.size()) {
            throw malformed("tpm_quote.pcrs", values.size() + " values, the quote selects " + next);
        }
        return b.build();
    }

    private static void put(PcrValues.Builder b, TpmHash bank, int index, byte[] value, String field)
            throws EvidenceFormatException {
        try {
            b.put(bank, index, value);
        } catch (IllegalArgumentException e) {
            throw malformed(field, e.getMessage());
        }
    }

    private static JsonNode field(JsonNode obj, String name, String path) throws EvidenceFormatException {
        JsonNode n = obj == null || !obj.isObject() ? null : obj.get(name);
        if (n == null || n.isNull()) {
            throw malformed(path.isEmpty() ? name : path + "." + name, "missing");
        }
        return n;
    }

    private static byte[] base64(JsonNode n, String field) throws EvidenceFormatException {
        try {
            return Base64.getMimeDecoder().decode(n.asString());
        } catch (IllegalArgumentException e) {
            throw malformed(field, "not base64");
        }
    }

    private static byte[] hex(JsonNode n, String field) throws EvidenceFormatException {
        try {
            return HexFormat.of().parseHex(n.asString());
        } catch (IllegalArgumentException e) {
            throw malformed(field, "not hex");
        }
    }

    private static EvidenceFormatException malformed(String field, String detail) {
        return new EvidenceFormatException(ReasonCode.MALFORMED, field, -1, detail);
    }
}
