package dev.trustplane.server.securitydomain;

import dev.trustplane.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code value} of {@code POST /securitydomain/upload}: a JSON text
 * {@code {"security_domain": <the downloaded blob>, "shares": [compact JWE to the exchange key, …]}}, which
 * {@code trustplane sd restore-value} assembles from the blob and the officers' re-encrypted shares.
 */
public record RestoreValue(DomainBlob blob, List<String> shares) {
    public static final int MAX_SHARES = 10;

    public RestoreValue {
        shares = List.copyOf(shares);
    }

    public String toJsonText() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.set("security_domain", blob.toJson());
        var list = json.putArray("shares");
        shares.forEach(list::add);
        return json.toString();
    }

    static RestoreValue parse(JsonNode value) {
        if (!value.isString()) {
            throw SecurityDomainException.bad("value must be a string holding the restore JSON");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(value.asString());
        } catch (JacksonException e) {
            throw SecurityDomainException.bad("value is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw SecurityDomainException.bad("value must hold a JSON object");
        }
        DomainBlob blob = DomainBlob.parse(json.path("security_domain"), "value.security_domain");
        JsonNode list = json.path("shares");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_SHARES) {
            throw SecurityDomainException.bad("value.shares must list 1 to " + MAX_SHARES + " shares");
        }
        List<String> shares = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                throw SecurityDomainException.bad("value.shares[" + i + "] must be a compact JWE string");
            }
            shares.add(list.get(i).asString());
        }
        return new RestoreValue(blob, shares);
    }
}
