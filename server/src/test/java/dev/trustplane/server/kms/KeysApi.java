package dev.trustplane.server.kms;

import dev.trustplane.server.TestApi;
import dev.trustplane.server.TestClient;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** The keys API for tests: {@link TestApi} at the api-version the Azure SDK sends, plus base64url helpers. */
final class KeysApi extends TestApi {
    static final String VERSION = "2025-07-01";

    KeysApi(TestClient client, String token) {
        super(client, token, VERSION);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unb64(JsonNode node) {
        return Base64.getUrlDecoder().decode(node.asString());
    }
}
