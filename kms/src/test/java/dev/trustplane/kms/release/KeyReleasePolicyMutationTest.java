package dev.trustplane.kms.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bounded random mutation of valid policies, at the byte level and at the JSON-tree level (so that most mutants
 * are well-formed JSON and reach the grammar checks). Properties: parsing either succeeds or throws
 * {@link InvalidReleasePolicyException} whose message starts with its path and holds no control characters;
 * a policy that parses evaluates over assorted claim sets without throwing. Fixed seed: failures reproduce.
 */
class KeyReleasePolicyMutationTest {
    private static final long SEED = 0x5eedL;
    private static final int ROUNDS = 3000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] NAMES = {"version", "anyOf", "allOf", "authority", "claim", "condition", "value", "equals",
        "notEquals", "less", "lessOrEquals", "greater", "greaterOrEquals", "exists", "anyof", "x"};

    /** Lexically awkward inserts: out-of-range exponents, long numbers, escapes, BOM, deep openers. */
    private static final String[] TOKENS = {"1e99999999999", "-1E-99999999999", "1" + "0".repeat(120), "1e999999", "-0",
        "\"\\u0000\"", "\"\\ud800\"", "\uFEFF", "null", "true", "[[[[[[[[[[[[[[[[", "{\"a\":{\"b\":", "\"claim\":\"a\","};

    private static final List<String> SEEDS = List.of(
            """
            {"version":"1.0.0","anyOf":[{"authority":"https://sharedweu.weu.attest.azure.net/","allOf":[
              {"claim":"x-ms-compliance-status","equals":"azure-compliant-cvm"},
              {"anyOf":[{"claim":"x-ms-attestation-type","equals":"tdxvm"},{"claim":"x-ms-attestation-type","equals":"sevsnpvm"}]},
              {"claim":"x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn","greaterOrEquals":7},
              {"claim":"x-ms-sevsnpvm-is-debuggable","equals":"false"}]}]}
            """,
            """
            {"anyOf":[{"allOf":[{"claim":"x-ms-sgx-mrsigner","condition":"equals","value":"86788fe4"},
              {"claim":"x-ms-sgx-is-debuggable","condition":"equals","value":"false"}],"authority":"http://localhost:8023/"}]}
            """,
            """
            {"version":"1.0.0","allOf":[{"authority":"https://a.example","anyOf":[{"claim":"a.b","exists":false},
              {"allOf":[{"claim":"n","less":1E+3},{"claim":"n","notEquals":5}]}]}]}
            """);

    private static final List<JsonNode> CLAIMS = List.of(
            JSON.readTree("{}"),
            JSON.readTree("""
                    {"x-ms-compliance-status":"azure-compliant-cvm","x-ms-attestation-type":"sevsnpvm",
                     "x-ms-isolation-tee":{"x-ms-sevsnpvm-guestsvn":7},"x-ms-sevsnpvm-is-debuggable":false,
                     "a":{"b":[1]},"n":4.5,"x-ms-sgx-mrsigner":"86788fe4","x-ms-sgx-is-debuggable":false}
                    """),
            JSON.readTree("{\"a\":null,\"n\":\"12\",\"x-ms-attestation-type\":{\"x\":1}}"));

    private static final List<String> ISSUERS = List.of("https://sharedweu.weu.attest.azure.net", "http://localhost:8023",
            "https://a.example/", "");

    @Test
    void parser_only_ever_refuses_with_its_own_exception() {
        Random random = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String seed = SEEDS.get(random.nextInt(SEEDS.size()));
            byte[] mutant = random.nextBoolean() ? mutateBytes(seed.getBytes(StandardCharsets.UTF_8), random)
                    : mutateTree(JSON.readTree(seed), random);
            if (check(mutant, round)) {
                accepted++;
            } else {
                refused++;
            }
        }
        // Both outcomes must be exercised, or the mutation is not reaching the grammar.
        assertThat(accepted).isGreaterThan(ROUNDS / 20);
        assertThat(refused).isGreaterThan(ROUNDS / 4);
    }

    /** True when the mutant parsed (and then evaluated cleanly), false when it was refused properly. */
    private static boolean check(byte[] mutant, int round) {
        KeyReleasePolicy policy;
        try {
            policy = KeyReleasePolicy.parse(mutant);
        } catch (InvalidReleasePolicyException e) {
            assertThat(e.path()).isNotEmpty();
            assertThat(e.getMessage()).startsWith(e.path() + ": ").hasSizeLessThan(700);
            assertThat(e.getMessage().chars().noneMatch(Character::isISOControl)).as(e.getMessage()).isTrue();
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            fail("round " + round + " (seed " + SEED + "): " + e + " on " + new String(mutant, StandardCharsets.UTF_8), e);
            return false;
        }
        for (String issuer : ISSUERS) {
            for (JsonNode claims : CLAIMS) {
                ReleaseVerdict verdict = policy.evaluate(issuer, claims);
                assertThat(verdict.explanation()).isNotBlank();
                assertThat(verdict.allowed() && verdict.firstFailure().isPresent()).isFalse();
            }
        }
        return true;
    }

    private static byte[] mutateBytes(byte[] in, Random random) {
        List<Byte> out = new ArrayList<>(in.length + 8);
        for (byte b : in) {
            out.add(b);
        }
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !out.isEmpty(); i++) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(6)) {
                case 0 -> out.set(at, (byte) random.nextInt(256));
                case 5 -> {
                    byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    for (int t = token.length - 1; t >= 0; t--) {
                        out.add(at, token[t]);
                    }
                }
                case 1 -> out.add(at, "{}[]\",:.\\0-e".getBytes(StandardCharsets.US_ASCII)[random.nextInt(12)]);
                case 2 -> out.subList(at, Math.min(out.size(), at + 1 + random.nextInt(16))).clear();
                case 3 -> out.subList(at, out.size()).clear();
                default -> {
                    int end = Math.min(out.size(), at + 1 + random.nextInt(32));
                    out.addAll(at, new ArrayList<>(out.subList(at, end)));
                }
            }
        }
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    private static byte[] mutateTree(JsonNode root, Random random) {
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>(object.propertyNames());
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(4)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.set(name, randomValue(random, 2));
                    case 2 -> object.set(NAMES[random.nextInt(NAMES.length)], randomValue(random, 2));
                    default -> object.set(NAMES[random.nextInt(NAMES.length)], object.remove(name));
                }
            } else if (target instanceof ArrayNode array) {
                switch (random.nextInt(3)) {
                    case 0 -> array.add(randomValue(random, 3));
                    case 1 -> {
                        if (!array.isEmpty()) {
                            array.remove(random.nextInt(array.size()));
                        }
                    }
                    default -> {
                        if (!array.isEmpty()) {
                            array.add(array.get(random.nextInt(array.size())).deepCopy());
                        }
                    }
                }
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainer()) {
            out.add(node);
            for (JsonNode child : node) {
                collect(child, out);
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextInt(20) - 5);
            case 3 -> F.numberNode(random.nextDouble() * 1e6);
            case 4 -> F.stringNode(List.of("", "1.0.0", "true", "7", "a.b", "x[0]", "https://a.example", "sevsnpvm", "equals",
                    "greater", "\u0000").get(random.nextInt(11)));
            case 5 -> F.stringNode(NAMES[random.nextInt(NAMES.length)]);
            case 6 -> {
                ObjectNode o = F.objectNode();
                o.put("claim", random.nextBoolean() ? "n" : "a.b");
                o.set(NAMES[random.nextInt(NAMES.length)], randomValue(random, depth - 1));
                yield o;
            }
            case 7 -> {
                ObjectNode o = F.objectNode();
                o.set(random.nextBoolean() ? "allOf" : "anyOf", F.arrayNode().add(randomValue(random, depth - 1)));
                yield o;
            }
            default -> F.arrayNode().add(randomValue(random, depth - 1));
        };
    }
}
