package dev.trustplane.evidence.dcap.internal;

import dev.trustplane.evidence.EvidenceFormatException;
import dev.trustplane.evidence.ReasonCode;
import java.util.Arrays;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intel's signed collateral JSON, {@code {"tcbInfo": {...}, "signature": "<hex r‖s>"}}: Intel signs the
 * exact bytes of the inner object as transmitted, so they are cut out of the document by the
 * streaming parser's byte offsets rather than re-serialised.
 *
 * @param body the exact bytes of the signed member's value
 * @param signature the 64-byte raw r‖s signature
 */
public record SignedJson(byte[] body, byte[] signature) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Collateral documents are a few KB; anything larger is refused before parsing. */
    public static final int MAX_SIZE = 256 * 1024;

    /** Cuts out member {@code name} and the {@code signature}; errors are {@code COLLATERAL_UNAVAILABLE}. */
    public static SignedJson parse(byte[] document, String name) throws EvidenceFormatException {
        if (document.length > MAX_SIZE) {
            throw bad(name, "document larger than " + MAX_SIZE + " bytes");
        }
        byte[] body = null;
        String signature = null;
        try (JsonParser p = JSON.createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(name, "not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name) && value == JsonToken.START_OBJECT) {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    long end = p.currentLocation().getByteOffset();
                    if (start < 0 || end > document.length || end <= start) {
                        throw bad(name, "cannot locate the signed bytes");
                    }
                    body = Arrays.copyOfRange(document, (int) start, (int) end);
                } else if (field.equals("signature") && value == JsonToken.VALUE_STRING) {
                    signature = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw bad(name, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (body == null) {
            throw bad(name, "no \"" + name + "\" object");
        }
        if (signature == null || signature.length() != 128) {
            throw bad(name + ".signature", "missing or not 128 hex digits");
        }
        try {
            return new SignedJson(body, HexFormat.of().parseHex(signature));
        } catch (IllegalArgumentException e) {
            throw bad(name + ".signature", "not hexadecimal");
        }
    }

    private static EvidenceFormatException bad(String field, String detail) {
        return new EvidenceFormatException(ReasonCode.COLLATERAL_UNAVAILABLE, field, -1, detail);
    }
}
