package dev.trustplane.server;

import dev.trustplane.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the decision records back from a running server's ledger ({@code GET /ledger/entries/{i}}), as auditors do. */
public final class LedgerRecords {
    private LedgerRecords() {}

    /** Every record on the ledger, in order, parsed; {@code api} must be allowed to read the ledger. */
    public static List<JsonNode> all(TestApi api) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (long i = 0; ; i++) {
            var entry = api.raw("GET", "/ledger/entries/" + i, null);
            if (entry.status() == 404) {
                return records;
            }
            if (entry.status() != 200) {
                throw new AssertionError("ledger entry " + i + ": " + entry.status() + " " + entry.body());
            }
            byte[] contents = Base64.getDecoder().decode(entry.json().path("contents").asString());
            records.add(Json.MAPPER.readTree(new String(contents, StandardCharsets.UTF_8)));
        }
    }

    /** The records whose type starts with {@code typePrefix}, e.g. {@code "key."}. */
    public static List<JsonNode> ofType(TestApi api, String typePrefix) throws Exception {
        return all(api).stream().filter(r -> r.path("type").asString().startsWith(typePrefix)).toList();
    }
}
