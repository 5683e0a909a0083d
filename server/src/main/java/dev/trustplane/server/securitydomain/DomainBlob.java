package dev.trustplane.server.securitydomain;

import dev.trustplane.server.http.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The security-domain blob ({@code value} of a download), JSON:
 * <pre>{
 *   "format": "trustplane-security-domain-v1",
 *   "domain_id": "…", "required": M, "master_key_id": "security-domain:…",
 *   "wrapped_master": base64url(nonce ‖ AES-256-GCM(domain key, master key) ‖ tag),
 *   "shares": [{"jkt": officer key thumbprint, "x5t#S256": certificate thumbprint, "jwe": compact JWE}, …]
 * }</pre>
 * The master key is wrapped under the domain key with associated data {@code trustplane-sd-v1/<domain_id>/<M>},
 * so neither the id nor the quorum can be edited without the unwrap failing. The domain key itself exists only as
 * the officers' shares.
 */
public record DomainBlob(String domainId, int required, String masterKeyId, byte[] wrappedMaster, List<EncryptedShare> shares) {
    public static final String FORMAT = "trustplane-security-domain-v1";

    /** One officer's share. */
    public record EncryptedShare(String jkt, String x5tS256, String jwe) {}

    public DomainBlob {
        wrappedMaster = wrappedMaster.clone();
        shares = List.copyOf(shares);
    }

    @Override
    public byte[] wrappedMaster() {
        return wrappedMaster.clone();
    }

    /** The associated data the master key is wrapped with. */
    byte[] associatedData() {
        return ("trustplane-sd-v1/" + domainId + "/" + required).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("domain_id", domainId);
        json.put("required", required);
        json.put("master_key_id", masterKeyId);
        json.put("wrapped_master", Base64.getUrlEncoder().withoutPadding().encodeToString(wrappedMaster));
        ArrayNode list = json.putArray("shares");
        for (EncryptedShare s : shares) {
            list.addObject().put("jkt", s.jkt()).put("x5t#S256", s.x5tS256()).put("jwe", s.jwe());
        }
        return json;
    }

    /**
     * Parses a blob: the JSON object itself, or its text, or a download response {@code {"value": text}}.
     *
     * @throws SecurityDomainException BadParameter naming the field
     */
    public static DomainBlob parse(JsonNode node, String where) {
        try {
            if (node.isString()) {
                node = Json.MAPPER.readTree(node.asString());
            }
            if (node.isObject() && node.path("value").isString()) {
                node = Json.MAPPER.readTree(node.path("value").asString());
            }
        } catch (JacksonException e) {
            throw SecurityDomainException.bad(where + " is not JSON");
        }
        if (!node.isObject() || !FORMAT.equals(node.path("format").asString(""))) {
            throw SecurityDomainException.bad(where + ".format must be " + FORMAT);
        }
        String id = required(node, "domain_id", where);
        int m = node.path("required").asInt(0);
        if (m < 2 || m > 10) {
            throw SecurityDomainException.bad(where + ".required must be 2..10");
        }
        byte[] wrapped;
        try {
            wrapped = Base64.getUrlDecoder().decode(required(node, "wrapped_master", where));
        } catch (IllegalArgumentException e) {
            throw SecurityDomainException.bad(where + ".wrapped_master is not base64url");
        }
        List<EncryptedShare> shares = new ArrayList<>();
        JsonNode list = node.path("shares");
        if (!list.isArray() || list.size() < m || list.size() > 10) {
            throw SecurityDomainException.bad(where + ".shares must list between required and 10 shares");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String at = where + ".shares[" + i + "]";
            shares.add(new EncryptedShare(required(s, "jkt", at), required(s, "x5t#S256", at), required(s, "jwe", at)));
        }
        return new DomainBlob(id, m, required(node, "master_key_id", where), wrapped, shares);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isString() || v.asString().isEmpty()) {
            throw SecurityDomainException.bad(where + "." + field + " is required");
        }
        return v.asString();
    }
}
