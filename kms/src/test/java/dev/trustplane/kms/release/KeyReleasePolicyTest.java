package dev.trustplane.kms.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The release policy grammar: every operator and its type rules, nesting, both dialects, authority matching,
 * explanations, and each refused shape with the path it names. Fixtures are written here from the published
 * examples (Key Vault grammar page, skr-policy-examples, the 7.5 release example, Azure's CVM skr-policy.json).
 */
class KeyReleasePolicyTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String MAA = "https://sharedeus2.eus2.attest.azure.net";

    static KeyReleasePolicy policy(String json) {
        return KeyReleasePolicy.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode claims(String json) {
        return JSON.readTree(json);
    }

    /** A one-authority policy with a single claim condition written as {@code conditionJson}. */
    static KeyReleasePolicy single(String conditionJson) {
        return policy("{\"version\":\"1.0.0\",\"anyOf\":[{\"authority\":\"" + MAA + "\",\"allOf\":[" + conditionJson + "]}]}");
    }

    static boolean allows(KeyReleasePolicy p, String claimsJson) {
        return p.evaluate(MAA, claims(claimsJson)).allowed();
    }

    static void refused(String json, String path, String messagePart) {
        assertThatThrownBy(() -> policy(json)).isInstanceOfSatisfying(InvalidReleasePolicyException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.getMessage()).startsWith(path + ": ").contains(messagePart);
        });
    }

    /** Claims of an Azure CVM guest attestation token: TEE claims nested, booleans and numbers as MAA emits them. */
    static final String CVM_TOKEN = """
            {"iss":"https://sharedweu.weu.attest.azure.net","x-ms-attestation-type":"azurevm",
             "x-ms-azurevm-vmid":"B958DC88-E41D-47F1-8D20-E57B6B7E9825","secureboot":true,
             "x-ms-isolation-tee":{"x-ms-attestation-type":"sevsnpvm","x-ms-compliance-status":"azure-compliant-cvm",
               "x-ms-sevsnpvm-is-debuggable":false,"x-ms-sevsnpvm-guestsvn":7,"x-ms-sevsnpvm-microcode-svn":211,
               "x-ms-runtime":{"keys":[{"kid":"TpmEphemeralEncryptionKey","kty":"RSA","key_ops":["encrypt"]}]}}}
            """;

    @Nested
    class Operators {
        @ParameterizedTest(name = "{0} {1} against 7 → {2}")
        @CsvSource({
                "equals, 7, true", "equals, 8, false", "equals, 7.0, true", "equals, '\"7\"', true",
                "notEquals, 7, false", "notEquals, 8, true",
                "less, 8, true", "less, 7, false", "lessOrEquals, 7, true", "lessOrEquals, 6.5, false",
                "greater, 6, true", "greater, 7, false", "greaterOrEquals, 7, true", "greaterOrEquals, 7.01, false",
                "greater, '\"6\"', true", "exists, true, true", "exists, false, false"})
        void numeric_claims(String op, String value, boolean expected) {
            assertThat(allows(single("{\"claim\":\"svn\",\"" + op + "\":" + value + "}"), "{\"svn\":7}")).isEqualTo(expected);
        }

        @Test
        void ordering_is_by_value_not_text_and_exact_for_decimals() {
            assertThat(allows(single("{\"claim\":\"svn\",\"greater\":9}"), "{\"svn\":10}")).isTrue();
            assertThat(allows(single("{\"claim\":\"v\",\"lessOrEquals\":0.3}"), "{\"v\":0.3}")).isTrue();
            assertThat(allows(single("{\"claim\":\"v\",\"less\":1E+3}"), "{\"v\":999}")).isTrue();
            assertThat(allows(single("{\"claim\":\"big\",\"greater\":18446744073709551615}"),
                    "{\"big\":18446744073709551616}")).isTrue();
            assertThat(allows(single("{\"claim\":\"v\",\"greater\":-1}"), "{\"v\":-0.5}")).isTrue();
        }

        @Test
        void extreme_exponents_compare_without_expansion_and_display_bounded() {
            KeyReleasePolicy p = single("{\"claim\":\"v\",\"greater\":1e999999}");
            ReleaseVerdict v = p.evaluate(MAA, claims("{\"v\":5}"));
            assertThat(v.allowed()).isFalse();
            assertThat(v.firstFailure().get().expected()).isEqualTo("1E+999999");
            assertThat(allows(single("{\"claim\":\"v\",\"less\":1e999999}"), "{\"v\":\"1e999998\"}")).isTrue();
            assertThat(allows(single("{\"claim\":\"v\",\"greater\":-1e999999}"), "{\"v\":-1e308}")).isTrue();
        }

        @Test
        void string_claims_compare_exactly_and_case_sensitively() {
            KeyReleasePolicy p = single("{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}");
            assertThat(allows(p, "{\"x-ms-attestation-type\":\"sevsnpvm\"}")).isTrue();
            assertThat(allows(p, "{\"x-ms-attestation-type\":\"SEVSNPVM\"}")).isFalse();
            assertThat(allows(p, "{\"x-ms-attestation-type\":\"sevsnpvm \"}")).isFalse();
            KeyReleasePolicy not = single("{\"claim\":\"x-ms-attestation-type\",\"notEquals\":\"tdxvm\"}");
            assertThat(allows(not, "{\"x-ms-attestation-type\":\"sevsnpvm\"}")).isTrue();
            assertThat(allows(not, "{\"x-ms-attestation-type\":\"tdxvm\"}")).isFalse();
        }

        @Test
        void booleans_match_booleans_and_the_strings_true_and_false() {
            for (String written : List.of("false", "\"false\"")) {
                KeyReleasePolicy p = single("{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"equals\":" + written + "}");
                assertThat(allows(p, "{\"x-ms-sevsnpvm-is-debuggable\":false}")).as(written).isTrue();
                assertThat(allows(p, "{\"x-ms-sevsnpvm-is-debuggable\":true}")).as(written).isFalse();
                assertThat(allows(p, "{\"x-ms-sevsnpvm-is-debuggable\":\"false\"}")).as(written).isTrue();
                assertThat(allows(p, "{\"x-ms-sevsnpvm-is-debuggable\":0}")).as(written).isFalse();
                assertThat(allows(p, "{\"x-ms-sevsnpvm-is-debuggable\":\"False\"}")).as(written).isFalse();
            }
            KeyReleasePolicy notTrue = single("{\"claim\":\"d\",\"notEquals\":true}");
            assertThat(allows(notTrue, "{\"d\":false}")).isTrue();
            assertThat(allows(notTrue, "{\"d\":\"true\"}")).isFalse();
        }

        @Test
        void exists_true_needs_the_claim_and_exists_false_needs_its_absence() {
            KeyReleasePolicy present = single("{\"claim\":\"x-ms-isolation-tee.x-ms-runtime\",\"exists\":true}");
            assertThat(allows(present, CVM_TOKEN)).isTrue();
            assertThat(allows(present, "{\"x-ms-isolation-tee\":{}}")).isFalse();
            KeyReleasePolicy absent = single("{\"claim\":\"x-ms-sevsnpvm-is-debuggable\",\"exists\":\"false\"}");
            assertThat(allows(absent, "{}")).isTrue();
            assertThat(allows(absent, "{\"x-ms-sevsnpvm-is-debuggable\":false}")).isFalse();
            assertThat(allows(absent, "{\"x-ms-sevsnpvm-is-debuggable\":null}")).as("null counts as absent").isTrue();
        }
    }

    @Nested
    class MissingAndMistypedClaims {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "equals 1|{\"claim\":\"a.b\",\"equals\":1}",
                "notEquals 1|{\"claim\":\"a.b\",\"notEquals\":1}",
                "less 1|{\"claim\":\"a.b\",\"less\":1}",
                "greaterOrEquals 1|{\"claim\":\"a.b\",\"greaterOrEquals\":1}",
                "exists|{\"claim\":\"a.b\",\"exists\":true}"})
        void a_missing_claim_fails_every_operator_including_notEquals(String name, String condition) {
            KeyReleasePolicy p = single(condition);
            for (String claims : List.of("{}", "{\"a\":{}}", "{\"a\":null}", "{\"a\":{\"b\":null}}", "{\"a\":[{\"b\":1}]}",
                    "{\"a\":\"b\"}", "{\"a\":5}", "{\"a.b\":1}")) {
                ReleaseVerdict v = p.evaluate(MAA, claims(claims));
                assertThat(v.allowed()).as(claims).isFalse();
                assertThat(v.firstFailure()).get().extracting(FailedCondition::found).isEqualTo("<missing>");
            }
        }

        @Test
        void structured_claim_values_fail_value_operators_and_are_shown_by_kind() {
            ReleaseVerdict v = single("{\"claim\":\"x-ms-isolation-tee\",\"notEquals\":\"x\"}").evaluate(MAA, claims(CVM_TOKEN));
            assertThat(v.allowed()).isFalse();
            assertThat(v.firstFailure().get().found()).isEqualTo("<object>");
            assertThat(v.explanation()).contains("which is not a string, number or boolean");
            ReleaseVerdict arr = single("{\"claim\":\"k\",\"equals\":1}").evaluate(MAA, claims("{\"k\":[1]}"));
            assertThat(arr.firstFailure().get().found()).isEqualTo("<array>");
        }

        @Test
        void numeric_operators_against_non_numbers_fail_and_say_so() {
            KeyReleasePolicy p = single("{\"claim\":\"svn\",\"greaterOrEquals\":3}");
            for (String claims : List.of("{\"svn\":\"seven\"}", "{\"svn\":true}", "{\"svn\":\"07\"}", "{\"svn\":\"0x10\"}")) {
                ReleaseVerdict v = p.evaluate(MAA, claims(claims));
                assertThat(v.allowed()).as(claims).isFalse();
                assertThat(v.explanation()).as(claims).contains("which is not a number");
            }
            assertThat(allows(p, "{\"svn\":\"3\"}")).as("a numeric string is a number").isTrue();
        }

        @Test
        void evaluation_never_throws_on_odd_claim_sets() {
            KeyReleasePolicy p = single("{\"anyOf\":[{\"claim\":\"a.b.c\",\"greater\":1},{\"claim\":\"a\",\"equals\":\"x\"},"
                    + "{\"claim\":\"n\",\"exists\":false}]}");
            var factory = tools.jackson.databind.node.JsonNodeFactory.instance;
            List<JsonNode> odd = List.of(factory.nullNode(), factory.missingNode(), factory.arrayNode(), factory.stringNode("a"),
                    factory.numberNode(Double.NaN), claims("{\"a\":{\"b\":{\"c\":1e308}},\"n\":1}"),
                    factory.objectNode().put("n", 1).set("a", factory.objectNode().set("b", factory.objectNode()
                            .put("c", Double.POSITIVE_INFINITY))));
            for (JsonNode c : odd) {
                assertThat(p.evaluate(MAA, c)).isNotNull();
            }
            assertThat(p.evaluate(MAA, null).allowed()).isTrue(); // exists:false holds on an empty claim set
            assertThat(p.evaluate(null, claims("{}")).explanation()).isEqualTo("no authority in the policy matches issuer <none>");
        }
    }

    @Nested
    class Structure {
        @Test
        void dot_paths_reach_nested_claims() {
            KeyReleasePolicy p = single("{\"claim\":\"x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn\",\"greaterOrEquals\":7}");
            assertThat(allows(p, CVM_TOKEN)).isTrue();
            assertThat(allows(p, CVM_TOKEN.replace("\"x-ms-sevsnpvm-guestsvn\":7", "\"x-ms-sevsnpvm-guestsvn\":6"))).isFalse();
        }

        @Test
        void nested_allOf_anyOf_to_depth() {
            String p = """
                    {"anyOf":[{"authority":"%s","allOf":[
                      {"claim":"a","equals":1},
                      {"anyOf":[{"claim":"b","equals":1},{"allOf":[{"claim":"c","equals":1},{"claim":"d","equals":1}]}]}]}]}
                    """.formatted(MAA);
            KeyReleasePolicy policy = policy(p);
            assertThat(allows(policy, "{\"a\":1,\"b\":1}")).isTrue();
            assertThat(allows(policy, "{\"a\":1,\"c\":1,\"d\":1}")).isTrue();
            assertThat(allows(policy, "{\"a\":1,\"c\":1}")).isFalse();
            assertThat(allows(policy, "{\"b\":1,\"c\":1,\"d\":1}")).isFalse();
            ReleaseVerdict v = policy.evaluate(MAA, claims("{\"a\":1,\"c\":1}"));
            assertThat(v.firstFailure().get().path()).as("a failed anyOf reports its first child's failure")
                    .isEqualTo("anyOf[0].allOf[1].anyOf[0]");
        }

        @Test
        void nesting_is_capped_at_32_levels() {
            assertThat(allows(policy(nested(32)), "{\"x\":1}")).isTrue();
            assertThatThrownBy(() -> policy(nested(33))).isInstanceOfSatisfying(InvalidReleasePolicyException.class,
                    e -> assertThat(e.getMessage()).contains("nested deeper than 32 levels"));
            assertThatThrownBy(() -> policy(nested(5000))).isInstanceOf(InvalidReleasePolicyException.class);
        }

        /** An authority block whose group nesting is {@code levels} deep, innermost {x equals 1}. */
        static String nested(int levels) {
            String inner = "{\"claim\":\"x\",\"equals\":1}";
            for (int i = 1; i < levels; i++) {
                inner = "{\"" + (i % 2 == 0 ? "allOf" : "anyOf") + "\":[" + inner + "]}";
            }
            return "{\"anyOf\":[{\"authority\":\"" + MAA + "\",\"allOf\":[" + inner + "]}]}";
        }

        @Test
        void authority_block_with_anyOf() {
            KeyReleasePolicy p = policy("{\"anyOf\":[{\"authority\":\"" + MAA + "\",\"anyOf\":["
                    + "{\"claim\":\"t\",\"equals\":\"tdxvm\"},{\"claim\":\"t\",\"equals\":\"sevsnpvm\"}]}]}");
            assertThat(allows(p, "{\"t\":\"sevsnpvm\"}")).isTrue();
            assertThat(allows(p, "{\"t\":\"sgx\"}")).isFalse();
        }

        @Test
        void legacy_condition_value_dialect_is_read_as_equals() {
            // The policy Key Vault's 7.5 release example returns (decoded), issuer and claims as in its token.
            KeyReleasePolicy p = policy("""
                    { "anyOf": [ { "allOf": [
                      { "claim": "x-ms-sgx-mrsigner", "condition": "equals",
                        "value": "86788fe40448f2a12e20bf8d5e7a1c3139bc5fdc1432b370c1da3489ab649a85" },
                      { "claim": "x-ms-sgx-is-debuggable", "condition": "equals", "value": "false" } ],
                      "authority": "http://localhost:8023/" } ] }
                    """);
            JsonNode ok = claims("{\"x-ms-sgx-mrsigner\":\"86788fe40448f2a12e20bf8d5e7a1c3139bc5fdc1432b370c1da3489ab649a85\","
                    + "\"x-ms-sgx-is-debuggable\":false}");
            assertThat(p.evaluate("http://localhost:8023/", ok).allowed()).isTrue();
            assertThat(p.evaluate("http://localhost:8023", ok).allowed()).isTrue();
            ReleaseVerdict debug = p.evaluate("http://localhost:8023/", claims(ok.toString().replace("false", "true")));
            assertThat(debug.firstFailure().get()).isEqualTo(new FailedCondition("http://localhost:8023/", "anyOf[0].allOf[1]",
                    "x-ms-sgx-is-debuggable", "equals", "\"false\"", "true"));
        }
    }

    @Nested
    class Authorities {
        @ParameterizedTest(name = "policy {0} vs iss {1} → {2}")
        @CsvSource({
                "https://sharedeus2.eus2.attest.azure.net, https://sharedeus2.eus2.attest.azure.net/, true",
                "https://sharedeus2.eus2.attest.azure.net/, https://sharedeus2.eus2.attest.azure.net, true",
                "https://SharedEUS2.eus2.attest.azure.net, HTTPS://sharedeus2.EUS2.attest.azure.net, true",
                "https://maa.example:443/, https://maa.example, true",
                "http://localhost:80/, http://localhost, true",
                "https://maa.example:8443, https://maa.example, false",
                "https://maa.example/tenant, https://maa.example/Tenant, false",
                "https://maa.example/tenant/, https://maa.example/tenant, true",
                "https://maa.example, http://maa.example, false",
                "https://maa.example, https://maa.example.evil, false",
                "https://maa.example, https://evil/https://maa.example, false",
                "my.attestation.com, my.attestation.com/, true",
                "my.attestation.com, https://my.attestation.com, false"})
        void issuer_matching_normalises_slash_scheme_host_and_default_port(String authority, String issuer, boolean expected) {
            KeyReleasePolicy p = policy("{\"anyOf\":[{\"authority\":\"" + authority + "\",\"allOf\":[{\"claim\":\"a\",\"exists\":true}]}]}");
            assertThat(p.matchesAuthority(issuer)).isEqualTo(expected);
            assertThat(p.evaluate(issuer, claims("{\"a\":1}")).allowed()).isEqualTo(expected);
            assertThat(p.authorities()).containsExactly(authority);
        }

        @Test
        void blocks_of_other_authorities_are_skipped_and_the_explanation_names_the_match() {
            KeyReleasePolicy p = policy("""
                    {"version":"1.0.0","anyOf":[
                      {"authority":"https://a.example","allOf":[{"claim":"x","equals":1}]},
                      {"authority":"https://b.example","allOf":[{"claim":"x","equals":2}]},
                      {"authority":"https://b.example/","allOf":[{"claim":"x","equals":3}]}]}
                    """);
            assertThat(p.evaluate("https://b.example", claims("{\"x\":1}")).firstFailure().get().path()).isEqualTo("anyOf[1].allOf[0]");
            ReleaseVerdict v = p.evaluate("https://b.example", claims("{\"x\":3}"));
            assertThat(v.allowed()).isTrue();
            assertThat(v.explanation()).isEqualTo("authority block anyOf[2] (https://b.example/) is satisfied");
            ReleaseVerdict none = p.evaluate("https://c.example", claims("{\"x\":1}"));
            assertThat(none.allowed()).isFalse();
            assertThat(none.firstFailure()).isEmpty();
            assertThat(none.explanation()).isEqualTo("no authority in the policy matches issuer \"https://c.example\"");
            assertThat(p.authorities()).containsExactly("https://a.example", "https://b.example", "https://b.example/");
        }

        @Test
        void top_level_allOf_means_every_block_of_its_single_authority_must_pass() {
            KeyReleasePolicy p = policy("{\"allOf\":[{\"authority\":\"" + MAA + "\",\"allOf\":[{\"claim\":\"a\",\"equals\":1}]},"
                    + "{\"authority\":\"" + MAA + "/\",\"anyOf\":[{\"claim\":\"b\",\"equals\":1}]}]}");
            assertThat(allows(p, "{\"a\":1,\"b\":1}")).isTrue();
            ReleaseVerdict v = p.evaluate(MAA, claims("{\"a\":1,\"b\":2}"));
            assertThat(v.allowed()).isFalse();
            assertThat(v.firstFailure().get().path()).isEqualTo("allOf[1].anyOf[0]");
            refused("{\"allOf\":[{\"authority\":\"https://a.example\",\"allOf\":[{\"claim\":\"a\",\"equals\":1}]},"
                    + "{\"authority\":\"https://b.example\",\"allOf\":[{\"claim\":\"a\",\"equals\":1}]}]}",
                    "allOf[1].authority", "a top-level allOf must name one authority");
        }
    }

    @Nested
    class Explanations {
        @Test
        void denial_names_the_first_failed_condition_in_order() {
            KeyReleasePolicy p = policy("""
                    {"version":"1.0.0","anyOf":[{"authority":"https://sharedweu.weu.attest.azure.net","allOf":[
                      {"claim":"x-ms-isolation-tee.x-ms-attestation-type","equals":"sevsnpvm"},
                      {"claim":"x-ms-isolation-tee.x-ms-sevsnpvm-is-debuggable","equals":true},
                      {"claim":"x-ms-isolation-tee.x-ms-sevsnpvm-guestsvn","greater":9}]}]}
                    """);
            ReleaseVerdict v = p.evaluate("https://sharedweu.weu.attest.azure.net/", claims(CVM_TOKEN));
            assertThat(v.allowed()).isFalse();
            assertThat(v.firstFailure()).contains(new FailedCondition("https://sharedweu.weu.attest.azure.net",
                    "anyOf[0].allOf[1]", "x-ms-isolation-tee.x-ms-sevsnpvm-is-debuggable", "equals", "true", "false"));
            assertThat(v.explanation()).isEqualTo("condition anyOf[0].allOf[1] of authority https://sharedweu.weu.attest.azure.net "
                    + "failed: claim \"x-ms-isolation-tee.x-ms-sevsnpvm-is-debuggable\" must equal true, found false");
        }

        @Test
        void each_operator_reads_plainly() {
            assertThat(explain("{\"claim\":\"s\",\"greaterOrEquals\":8}", "{\"s\":7}"))
                    .endsWith("claim \"s\" must be greater than or equal to 8, found 7");
            assertThat(explain("{\"claim\":\"s\",\"less\":7}", "{\"s\":7}")).endsWith("claim \"s\" must be less than 7, found 7");
            assertThat(explain("{\"claim\":\"s\",\"notEquals\":\"a\"}", "{\"s\":\"a\"}")).endsWith("claim \"s\" must not equal \"a\", found \"a\"");
            assertThat(explain("{\"claim\":\"s\",\"exists\":true}", "{}")).endsWith("claim \"s\" must be present, found <missing>");
            assertThat(explain("{\"claim\":\"s\",\"exists\":false}", "{\"s\":1}")).endsWith("claim \"s\" must be absent, found 1");
            assertThat(explain("{\"claim\":\"s\",\"equals\":1}", "{}"))
                    .endsWith("claim \"s\" must equal 1, found <missing>, the token has no such claim");
        }

        @Test
        void found_values_are_escaped_and_capped() {
            String longValue = "x".repeat(5000) + "\"\n";
            String text = explain("{\"claim\":\"s\",\"equals\":\"y\"}", "{\"s\":" + JSON.writeValueAsString(longValue) + "}");
            assertThat(text.length()).isLessThan(400);
            assertThat(text).doesNotContain("\n").contains("…");
            ReleaseVerdict v = single("{\"claim\":\"s\",\"equals\":\"y\"}").evaluate("https://evil/" + "z".repeat(5000) + "\n", claims("{}"));
            assertThat(v.explanation().length()).isLessThan(400);
            assertThat(v.explanation()).doesNotContain("\n");
        }

        String explain(String condition, String claimsJson) {
            ReleaseVerdict v = single(condition).evaluate(MAA, claims(claimsJson));
            assertThat(v.allowed()).isFalse();
            return v.explanation();
        }
    }

    @Nested
    class PublishedPolicies {
        @Test
        void sgx_mrsigner_mrenclave_and_minimum_svn() {
            KeyReleasePolicy p = policy("""
                    {"anyOf":[{"authority":"https://sharedeus2.eus2.attest.azure.net","allOf":[
                      {"claim":"x-ms-sgx-mrsigner","equals":"9fa48b1629bd246a1de3d38fb7df97f6554cd65d6b3b72e85b86848ae6b578ba"},
                      {"claim":"x-ms-sgx-mrenclave","equals":"9fa48b1629bg677jfsaawed7772e85b86848ae6b578ba"},
                      {"claim":"x-ms-sgx-svn","greater":1}]}],"version":"1.0.0"}
                    """);
            String token = "{\"x-ms-sgx-mrsigner\":\"9fa48b1629bd246a1de3d38fb7df97f6554cd65d6b3b72e85b86848ae6b578ba\","
                    + "\"x-ms-sgx-mrenclave\":\"9fa48b1629bg677jfsaawed7772e85b86848ae6b578ba\",\"x-ms-sgx-svn\":%d,"
                    + "\"x-ms-sgx-is-debuggable\":false}";
            assertThat(allows(p, token.formatted(2))).isTrue();
            ReleaseVerdict v = p.evaluate(MAA, claims(token.formatted(1)));
            assertThat(v.firstFailure().get().operator()).isEqualTo("greater");
        }

        @Test
        void cvm_guest_attestation_policy_with_top_level_allOf_and_vmid() {
            KeyReleasePolicy p = policy("""
                    {"version":"1.0.0","allOf":[{"authority":"https://sharedweu.weu.attest.azure.net","allOf":[
                      {"claim":"x-ms-isolation-tee.x-ms-attestation-type","equals":"sevsnpvm"},
                      {"claim":"x-ms-isolation-tee.x-ms-compliance-status","equals":"azure-compliant-cvm"},
                      {"claim":"x-ms-azurevm-vmid","equals":"B958DC88-E41D-47F1-8D20-E57B6B7E9825"}]}]}
                    """);
            assertThat(p.evaluate("https://sharedweu.weu.attest.azure.net/", claims(CVM_TOKEN)).allowed()).isTrue();
            assertThat(p.evaluate("https://sharedweu.weu.attest.azure.net",
                    claims(CVM_TOKEN.replace("B958DC88", "0000DC88"))).allowed()).isFalse();
        }

        @Test
        void aci_confidential_containers_policy() {
            KeyReleasePolicy p = policy("""
                    {"version":"1.0.0","anyOf":[{"authority":"https://fabrikam1.wus.attest.azure.net","allOf":[
                      {"claim":"x-ms-attestation-type","equals":"sevsnpvm"},
                      {"claim":"x-ms-compliance-status","equals":"azure-compliant-uvm"},
                      {"claim":"x-ms-sevsnpvm-hostdata","equals":"532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25"},
                      {"claim":"x-ms-sevsnpvm-is-debuggable","equals":"false"}]}]}
                    """);
            String uvm = "{\"x-ms-attestation-type\":\"sevsnpvm\",\"x-ms-compliance-status\":\"azure-compliant-uvm\","
                    + "\"x-ms-sevsnpvm-hostdata\":\"532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25\","
                    + "\"x-ms-sevsnpvm-is-debuggable\":%s}";
            assertThat(p.evaluate("https://fabrikam1.wus.attest.azure.net/", claims(uvm.formatted("false"))).allowed()).isTrue();
            assertThat(p.evaluate("https://fabrikam1.wus.attest.azure.net/", claims(uvm.formatted("true"))).allowed()).isFalse();
        }

        /**
         * Azure's CVM policy (confidential-computing-cvm skr-policy.json): one block per regional shared MAA, in the
         * file's order, authority after the conditions and with a trailing slash; some regions accept only SEV-SNP,
         * and {@code frs} appears twice (TDX+SNP, then SNP only).
         */
        @Test
        void cvm_deployment_policy_with_many_regional_authorities() {
            List<String> regions = List.of("eus", "wus", "neu", "weu", "sasia", "easia", "jpe", "swn", "sww", "ilc", "itn",
                    "eus2", "eus2e", "scus", "cuse", "cus", "eau", "sau", "cin", "uaen", "wus3", "ncus", "sec", "noe", "sin",
                    "jpw", "jinc", "jinw", "krs", "krc", "den", "dewc", "uks", "ukw", "frc", "frs", "cau", "san", "uaec",
                    "cac", "cae", "plc", "saw", "wus2", "mxc", "now", "sbr", "cau2", "sebr", "wcus", "frs");
            java.util.Set<Integer> snpOnly = java.util.Set.of(13, 14, 19, 43, 44, 45, 46, 47, 48, 49, 50);
            String blocks = IntStream.range(0, regions.size()).mapToObj(i -> {
                String region = regions.get(i);
                String types = (snpOnly.contains(i) ? "" : "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"tdxvm\"},")
                        + "{\"claim\":\"x-ms-attestation-type\",\"equals\":\"sevsnpvm\"}";
                return "{\"allOf\":[{\"claim\":\"x-ms-compliance-status\",\"equals\":\"azure-compliant-cvm\"},{\"anyOf\":["
                        + types + "]}],\"authority\":\"https://shared" + region + "." + region + ".attest.azure.net/\"}";
            }).collect(Collectors.joining(","));
            KeyReleasePolicy p = policy("{\"anyOf\":[" + blocks + "],\"version\":\"1.0.0\"}");
            assertThat(p.authorities()).hasSize(51);
            String platform = "{\"x-ms-attestation-type\":\"%s\",\"x-ms-compliance-status\":\"azure-compliant-cvm\"}";
            assertThat(p.evaluate("https://sharedneu.neu.attest.azure.net", claims(platform.formatted("tdxvm"))).allowed()).isTrue();
            ReleaseVerdict scus = p.evaluate("https://sharedscus.scus.attest.azure.net", claims(platform.formatted("tdxvm")));
            assertThat(scus.allowed()).isFalse();
            assertThat(scus.firstFailure().get().path()).isEqualTo("anyOf[13].allOf[1].anyOf[0]");
            assertThat(p.evaluate("https://sharedscus.scus.attest.azure.net", claims(platform.formatted("sevsnpvm"))).allowed()).isTrue();
            ReleaseVerdict frs = p.evaluate("https://sharedfrs.frs.attest.azure.net", claims(platform.formatted("tdxvm")));
            assertThat(frs.explanation()).as("the first of the two frs blocks accepts TDX")
                    .isEqualTo("authority block anyOf[35] (https://sharedfrs.frs.attest.azure.net/) is satisfied");
            ReleaseVerdict uvm = p.evaluate("https://sharedfrs.frs.attest.azure.net",
                    claims(platform.formatted("sevsnpvm").replace("cvm", "uvm")));
            assertThat(uvm.firstFailure().get().path()).as("first failure of the first matching block")
                    .isEqualTo("anyOf[35].allOf[0]");
            assertThat(p.evaluate("https://sharedxyz.xyz.attest.azure.net", claims(platform.formatted("sevsnpvm"))).allowed()).isFalse();
        }
    }

    @Nested
    class RefusedShapes {
        static final String A = "{\"authority\":\"" + MAA + "\",";

        @Test
        void document_level() {
            refused("", "$", "the policy must be a JSON object");
            refused("[]", "$", "the policy must be a JSON object");
            refused("{\"anyOf\":[", "$", "not valid JSON");
            refused("{} {}", "$", "not valid JSON (line 1, column 4): Trailing token");
            refused("{\"anyOf\":[", "$", "expected close marker for Array");
            refused("{\"anyOf\":[],\"anyOf\":[]}", "$", "not valid JSON (line 1, column 20): Duplicate Object property \"anyOf\"");
            refused("{\"anyOf\":[" + A + "\"allOf\":[{\"claim\":\"a\",\"less\":1e99999999999}]}]}", "$",
                    "not valid JSON: a number is out of range");
            refused("{\"anyOf\":[" + A + "\"allOf\":[{\"claim\":\"a\",\"less\":1" + "0".repeat(101) + "}]}]}", "$",
                    "not valid JSON");
            refused("[".repeat(100), "$", "nesting depth");
            refused("{}", "$", "the policy needs an 'anyOf' list of authorities");
            refused("{\"anyOf\":[" + A + "\"allOf\":[{\"claim\":\"a\",\"equals\":1}]}],\"allOf\":[]}", "$",
                    "'allOf' and 'anyOf' cannot both be present");
            refused("{\"anyof\":[]}", "$", "unknown field 'anyof' (did you mean 'anyOf'?)");
            refused("{\"anyOf\":[],\"extra\":1}", "$", "unknown field 'extra'");
            refused("{\"version\":\"2.0.0\",\"anyOf\":[]}", "version", "unsupported policy version \"2.0.0\"");
            refused("{\"version\":1,\"anyOf\":[]}", "version", "unsupported policy version 1");
            refused("{\"anyOf\":[]}", "anyOf", "must be a non-empty array");
            refused("{\"anyOf\":{}}", "anyOf", "must be a non-empty array");
            byte[] big = new byte[PolicyParser.MAX_BYTES + 1];
            assertThatThrownBy(() -> KeyReleasePolicy.parse(big)).isInstanceOfSatisfying(InvalidReleasePolicyException.class,
                    e -> assertThat(e.path()).isEqualTo("$"));
        }

        @Test
        void authority_blocks() {
            refused("{\"anyOf\":[1]}", "anyOf[0]", "an authority block must be an object");
            refused("{\"anyOf\":[{\"allOf\":[{\"claim\":\"a\",\"equals\":1}]}]}", "anyOf[0]", "missing 'authority'");
            refused("{\"anyOf\":[{\"authority\":7,\"allOf\":[]}]}", "anyOf[0].authority", "must be a string, found a number");
            refused("{\"anyOf\":[{\"authority\":\" \",\"allOf\":[]}]}", "anyOf[0].authority", "non-empty issuer");
            refused("{\"anyOf\":[" + A + "\"allOf\":[{\"claim\":\"a\",\"equals\":1}],\"anyOf\":[{\"claim\":\"a\",\"equals\":1}]}]}",
                    "anyOf[0]", "'allOf' and 'anyOf' cannot both be present");
            refused("{\"anyOf\":[{\"authority\":\"" + MAA + "\"}]}", "anyOf[0]", "an authority block needs 'allOf' or 'anyOf'");
            refused("{\"anyOf\":[" + A + "\"claim\":\"a\",\"equals\":1}]}", "anyOf[0]", "not a claim");
            refused("{\"anyOf\":[" + A + "\"allOf\":[]}]}", "anyOf[0].allOf", "must be a non-empty array of conditions");
            refused("{\"anyOf\":[" + A + "\"allOf\":[{\"claim\":\"a\",\"equals\":1}],\"note\":\"x\"}]}", "anyOf[0]",
                    "unknown field 'note'");
        }

        @Test
        void conditions() {
            refused(cond("{\"claim\":\"a\",\"equal\":1}"), "anyOf[0].allOf[0]", "unknown operator 'equal'");
            refused(cond("{\"claim\":\"a\",\"equals\":1,\"less\":2}"), "anyOf[0].allOf[0]", "exactly one operator");
            refused(cond("{\"claim\":\"a\"}"), "anyOf[0].allOf[0]", "needs an operator");
            refused(cond("{\"equals\":1}"), "anyOf[0].allOf[0]", "a condition needs 'claim', 'allOf' or 'anyOf'");
            refused(cond("{\"claim\":\"a\",\"equals\":1,\"allOf\":[]}"), "anyOf[0].allOf[0]", "not both");
            refused(cond("{\"allOf\":[{\"claim\":\"a\",\"equals\":1}],\"anyOf\":[]}"), "anyOf[0].allOf[0]", "cannot both");
            refused(cond("{\"allOf\":[]}"), "anyOf[0].allOf[0].allOf", "non-empty array");
            refused(cond("{\"anyOf\":[{\"claim\":\"a\",\"equals\":1}],\"x\":1}"), "anyOf[0].allOf[0]", "unknown field 'x'");
            refused(cond("\"a\""), "anyOf[0].allOf[0]", "must be an object, found a string");
            refused(cond("{\"claim\":\"a\",\"equals\":1},{\"claim\":\"b\",\"Equals\":1}"), "anyOf[0].allOf[1]",
                    "unknown operator 'Equals'");
            refused(cond("{\"authority\":\"x\",\"claim\":\"a\",\"equals\":1}"), "anyOf[0].allOf[0]", "unknown operator 'authority'");
        }

        @Test
        void claim_names() {
            refused(cond("{\"claim\":1,\"equals\":1}"), "anyOf[0].allOf[0].claim", "must be a string");
            refused(cond("{\"claim\":\"\",\"equals\":1}"), "anyOf[0].allOf[0].claim", "empty");
            refused(cond("{\"claim\":\"a..b\",\"equals\":1}"), "anyOf[0].allOf[0].claim", "empty segment");
            refused(cond("{\"claim\":\".a\",\"equals\":1}"), "anyOf[0].allOf[0].claim", "empty segment");
            refused(cond("{\"claim\":\"x-ms-runtime.keys[0].kid\",\"equals\":1}"), "anyOf[0].allOf[0].claim",
                    "array indexing is not supported");
            refused(cond("{\"claim\":\"a\\u0000\",\"equals\":1}"), "anyOf[0].allOf[0].claim", "control characters");
            refused(cond("{\"claim\":\"" + "a".repeat(257) + "\",\"equals\":1}"), "anyOf[0].allOf[0].claim", "longer than 256");
        }

        @Test
        void values() {
            refused(cond("{\"claim\":\"a\",\"equals\":{\"b\":1}}"), "anyOf[0].allOf[0].equals", "found an object");
            refused(cond("{\"claim\":\"a\",\"equals\":[1]}"), "anyOf[0].allOf[0].equals", "found an array");
            refused(cond("{\"claim\":\"a\",\"notEquals\":null}"), "anyOf[0].allOf[0].notEquals", "found null");
            refused(cond("{\"claim\":\"a\",\"greater\":\"abc\"}"), "anyOf[0].allOf[0].greater", "'greater' compares numbers");
            refused(cond("{\"claim\":\"a\",\"lessOrEquals\":true}"), "anyOf[0].allOf[0].lessOrEquals", "compares numbers");
            refused(cond("{\"claim\":\"a\",\"exists\":1}"), "anyOf[0].allOf[0].exists", "'exists' takes true or false");
            refused(cond("{\"claim\":\"a\",\"exists\":\"yes\"}"), "anyOf[0].allOf[0].exists", "true or false");
            refused(cond("{\"claim\":\"a\",\"equals\":\"" + "v".repeat(1025) + "\"}"), "anyOf[0].allOf[0].equals", "limited to 1024");
        }

        @Test
        void legacy_dialect() {
            refused(cond("{\"claim\":\"a\",\"condition\":\"greater\",\"value\":1}"), "anyOf[0].allOf[0].condition",
                    "the legacy form supports only 'equals'");
            refused(cond("{\"claim\":\"a\",\"condition\":\"eq\",\"value\":1}"), "anyOf[0].allOf[0].condition", "unknown operator 'eq'");
            refused(cond("{\"claim\":\"a\",\"condition\":\"equals\"}"), "anyOf[0].allOf[0]", "needs both 'condition' and 'value'");
            refused(cond("{\"claim\":\"a\",\"value\":1}"), "anyOf[0].allOf[0]", "needs both");
            refused(cond("{\"claim\":\"a\",\"condition\":\"equals\",\"value\":1,\"equals\":1}"), "anyOf[0].allOf[0]",
                    "mixes the legacy");
            refused(cond("{\"claim\":\"a\",\"condition\":\"equals\",\"value\":[]}"), "anyOf[0].allOf[0].value", "found an array");
        }

        @Test
        void limits() {
            String many = IntStream.range(0, PolicyParser.MAX_CONDITIONS + 1).mapToObj(i -> "{\"claim\":\"a\",\"exists\":true}")
                    .collect(Collectors.joining(","));
            refused(cond(many), "anyOf[0].allOf[" + PolicyParser.MAX_CONDITIONS + "]", "more than 2048 conditions");
            String blocks = IntStream.range(0, PolicyParser.MAX_AUTHORITIES + 1)
                    .mapToObj(i -> A + "\"allOf\":[{\"claim\":\"a\",\"exists\":true}]}").collect(Collectors.joining(","));
            refused("{\"anyOf\":[" + blocks + "]}", "anyOf", "more than 256 authority blocks");
        }

        @Test
        void hostile_names_in_messages_are_escaped_and_capped() {
            String name = "\\n\\u001b[31m" + "q".repeat(200);
            assertThatThrownBy(() -> policy(cond("{\"claim\":\"a\",\"" + name + "\":1}")))
                    .isInstanceOfSatisfying(InvalidReleasePolicyException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b").contains("…");
                        assertThat(e.getMessage().length()).isLessThan(250);
                    });
        }

        static String cond(String conditions) {
            return "{\"anyOf\":[" + A + "\"allOf\":[" + conditions + "]}]}";
        }
    }
}
