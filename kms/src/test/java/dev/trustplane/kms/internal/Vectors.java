package dev.trustplane.kms.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Wycheproof files from {@code ${trustplane.shared}/vectors/wycheproof} and collects failures so a
 * test reports every failing case at once. Absent vectors skip the test with a visible reason.
 */
final class Vectors {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final HexFormat HEX = HexFormat.of();

    private final List<String> failures = new ArrayList<>();
    private int cases;

    static JsonNode load(String file) throws Exception {
        String shared = System.getProperty("trustplane.shared");
        assumeTrue(shared != null, "system property trustplane.shared is not set: Wycheproof vectors skipped");
        Path path = Path.of(shared, "vectors", "wycheproof", file);
        assumeTrue(Files.isRegularFile(path), "Wycheproof vectors absent at " + path + ": skipped");
        return MAPPER.readTree(Files.readAllBytes(path));
    }

    static byte[] hex(JsonNode node, String field) {
        return HEX.parseHex(node.path(field).asString(""));
    }

    /** Records one case: {@code ok} says whether the implementation accepted it. */
    void check(String file, JsonNode test, boolean ok) {
        cases++;
        String result = test.get("result").asString();
        boolean expected = result.equals("valid");
        if (!result.equals("acceptable") && ok != expected) {
            failures.add(file + " tcId " + test.get("tcId").asInt() + " (" + test.path("comment").asString("")
                    + ", flags " + test.path("flags") + "): expected " + result + " but was " + (ok ? "accepted" : "rejected"));
        }
    }

    void fail(String file, JsonNode test, String why) {
        failures.add(file + " tcId " + test.get("tcId").asInt() + ": " + why);
    }

    int cases() {
        return cases;
    }

    List<String> failures() {
        return failures;
    }
}
