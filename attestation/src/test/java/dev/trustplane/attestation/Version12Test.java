package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.attestation.RuleTrace.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy version 1.2: the absence operator and the six functions, with the examples of claim-rule-functions.md. */
class Version12Test {

    private static PolicyDecision issue(String rules, Map<String, Object> claims) {
        String policy = "version=1.2; authorizationrules { => permit(); }; issuancerules {\n" + rules + "\n};";
        return AttestationPolicy.parse(policy).evaluate(PolicyInput.of(claims));
    }

    @Test
    void jmespath_over_a_literal_returns_json_text() {
        PolicyDecision d = issue("""
                => add(type="JmesPathResult", value=JmesPath("{\\"foo\\": \\"bar\\"}", "foo"));
                c:[type=="JmesPathResult"] => issue(type="raw", value=c.value);
                c:[type=="JmesPathResult"] => issue(type="decoded", value=JsonToClaimValue(c.value));
                """, Map.of());
        assertThat(d.issuedClaims()).containsExactly(Map.entry("raw", "\"bar\""), Map.entry("decoded", "bar"));
    }

    @Test
    void jmespath_over_claims_as_in_the_docs() {
        PolicyDecision d = issue("""
                c1:[type=="JsonData"] && c2:[type=="JmesPathQuery"] => issue(type="JmesPathResult", value=JmesPath(c1.value, c2.value));
                """, Map.of("JsonData", "{\"values\": [0,1,2,3,4]}", "JmesPathQuery", "values[2]"));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("JmesPathResult", "2"));
    }

    @Test
    void jmespath_reads_structured_runtime_claims_directly() {
        PolicyDecision d = issue("""
                c:[type=="x-ms-runtime"] => issue(type="secure-boot", value=JsonToClaimValue(JmesPath(c.value, "\\"vm-configuration\\".\\"secure-boot\\"")));
                c:[type=="x-ms-runtime"] => issue(type="kids", value=JsonToClaimValue(JmesPath(c.value, "keys[*].kid")));
                c:[type=="x-ms-runtime"] => issue(type="missing", value=JsonToClaimValue(JmesPath(c.value, "nothing")));
                """, Examples.snpClaims(false, 3, 8));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("secure-boot", true), Map.entry("kids", "HCLAkPub"));
        assertThat(d.explanation().rules().get(3).detail()).isEqualTo("issue: empty value, no claim (no-op)");
    }

    @Test
    void json_to_claim_value_converts_each_json_kind() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("JsonIntegerData", "100");
        in.put("JsonBooleanData", "true");
        in.put("JsonStringData", "\"abc\"");
        in.put("JsonData", "[0, \"abc\", true, null]");
        in.put("JsonNull", "null");
        PolicyDecision d = issue("""
                c:[type=="JsonIntegerData"] => issue(type="IntegerResult", value=JsonToClaimValue(c.value));
                c:[type=="JsonBooleanData"] => issue(type="BooleanResult", value=JsonToClaimValue(c.value));
                c:[type=="JsonStringData"] => issue(type="StringResult", value=JsonToClaimValue(c.value));
                c:[type=="JsonData"] => issue(type="Result", value=JsonToClaimValue(c.value));
                c:[type=="JsonNull"] => issue(type="NullResult", value=JsonToClaimValue(c.value));
                """, in);
        assertThat(d.issuedClaims()).containsExactly(Map.entry("IntegerResult", 100L), Map.entry("BooleanResult", true),
                Map.entry("StringResult", "abc"), Map.entry("Result", List.of(0L, "abc", true)));
    }

    @Test
    void json_to_claim_value_rejects_fractions_and_objects_by_denying() {
        PolicyDecision d = issue("c:[type==\"J\"] => issue(type=\"R\", value=JsonToClaimValue(c.value));", Map.of("J", "1.5"));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explanation().summary()).isEqualTo(
                "denied: evaluation error at line 2, column 40: JsonToClaimValue: fractions are not supported (1.5)");
        assertThat(d.explanation().rules().get(1).outcome()).isEqualTo(Outcome.ERROR);
        assertThat(issue("c:[type==\"J\"] => issue(type=\"R\", value=JsonToClaimValue(c.value));", Map.of("J", "{}"))
                .permitted()).isFalse();
    }

    @Test
    void sets_subset_contains_only_append_negate() {
        String rules = """
                => add(type="Subset", value="abc");
                => add(type="Subset", value=100);
                => add(type="Superset", value=true);
                => add(type="Superset", value="abc");
                => add(type="Superset", value=100);
                c1:[type == "Subset"] && c2:[type=="Superset"] => issue(type="IsSubset", value=IsSubsetOf(c1.value, c2.value));
                c1:[type == "Superset"] && c2:[type=="Subset"] => issue(type="IsSuperSubset", value=IsSubsetOf(c1.value, c2.value));
                c:[type=="Set"] => issue(type="OnlyHundred", value=ContainsOnlyValue(c.value, 100));
                c:[type=="Set", value==100] => issue(type="OnlyHundredFiltered", value=ContainsOnlyValue(c.value, 100));
                c:[type=="String1"] && c2:[type=="String2"] => issue(type="Appended", value=AppendString(c.value, c2.value));
                c:[type=="Input"] => issue(type="Negated", value=NegateBool(c.value));
                """;
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("String1", "abc");
        in.put("String2", "xyz");
        in.put("Input", true);
        in.put("Set", 100);
        PolicyDecision d = issue(rules + "=> add(type=\"Set\", value=101);\n"
                + "c:[type==\"Set\"] => issue(type=\"OnlyHundredAfter\", value=ContainsOnlyValue(c.value, 100));", in);
        assertThat(d.issuedClaims()).containsExactly(Map.entry("IsSubset", true), Map.entry("IsSuperSubset", false),
                Map.entry("OnlyHundred", true), Map.entry("OnlyHundredFiltered", true), Map.entry("Appended", "abcxyz"),
                Map.entry("Negated", false), Map.entry("OnlyHundredAfter", false));
    }

    @Test
    void absence_operator_adds_a_default_only_when_missing() {
        PolicyDecision d = issue("""
                ![type=="Claim3"] => issue(type="Claim3", value=300);
                ![type=="Claim1"] => issue(type="Claim1", value=1);
                """, Map.of("Claim1", 100, "Claim2", 200));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("Claim3", 300L));
        assertThat(d.explanation().rules().get(2).detail()).isEqualTo(
                "condition 1 ![type==\"Claim1\"] failed: a matching claim is present (Claim1 = 100 (issuer AttestationService))");
    }

    @Test
    void docs_secure_boot_policy_over_a_tcg_event_log() {
        String events = """
                {"Events":[
                  {"EventTypeString":"EV_EFI_VARIABLE_DRIVER_CONFIG","ProcessedData":{"VariableGuid":"8BE4DF61-93CA-11D2-AA0D-00E098032B8C","UnicodeName":"SecureBoot","VariableData":"AQ"}},
                  {"EventTypeString":"EV_EFI_VARIABLE_DRIVER_CONFIG","ProcessedData":{"VariableGuid":"8BE4DF61-93CA-11D2-AA0D-00E098032B8C","UnicodeName":"PK","VariableData":"xx"}},
                  {"EventTypeString":"EV_SEPARATOR","ProcessedData":{}}]}""";
        AttestationPolicy p = AttestationPolicy.parse(Examples.read("functions-1-2.policy"));
        assertThat(p.evaluate(PolicyInput.of(Map.of("events", events))).issuedClaims())
                .containsExactly(Map.entry("secureBootEnabled", true));
        assertThat(p.evaluate(PolicyInput.of(Map.of("events", events.replace("\"AQ\"", "\"AA\"")))).issuedClaims())
                .containsExactly(Map.entry("secureBootEnabled", false));
        assertThat(p.evaluate(PolicyInput.of(Map.of("other", 1))).issuedClaims())
                .containsExactly(Map.entry("secureBootEnabled", false));
    }

    @Test
    void maa_equals_ignore_case_extension_works_in_queries() {
        PolicyDecision d = issue("""
                c:[type=="mods"] => issue(type="elam", value=JsonToClaimValue(JmesPath(c.value, "[? equals_ignore_case(path, '\\\\Windows\\\\wdboot.sys')] | length(@) == `1`")));
                """, Map.of("mods", "[{\"path\":\"\\\\windows\\\\WDBOOT.sys\"},{\"path\":\"x\"}]"));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("elam", true));
    }

    @Test
    void bad_jmespath_query_denies_with_its_position() {
        PolicyDecision d = issue("=> issue(type=\"x\", value=JmesPath(\"{}\", \"a[\"));", Map.of());
        assertThat(d.permitted()).isFalse();
        assertThat(d.explanation().summary()).startsWith("denied: evaluation error at line 2, column 26: JmesPath query does not parse");
    }

    @Test
    void deep_json_and_deep_queries_are_refused() {
        String deepQuery = "(".repeat(100) + "a" + ")".repeat(100);
        PolicyDecision q = issue("=> issue(type=\"x\", value=JmesPath(\"{}\", \"" + deepQuery + "\"));", Map.of());
        assertThat(q.explanation().summary()).endsWith("JmesPath query nested deeper than 64");
        String deepJson = "[".repeat(100) + "]".repeat(100);
        PolicyDecision j = issue("c:[type==\"j\"] => issue(type=\"x\", value=JmesPath(c.value, \"a\"));", Map.of("j", deepJson));
        assertThat(j.permitted()).isFalse();
        assertThat(j.explanation().summary()).contains("JmesPath needs valid JSON text");
    }

    @Test
    void functions_in_conditions_use_earlier_bindings_as_in_the_docs_pcr_rule() {
        String pcrs = "{\"PCRs\":[{\"Index\":0,\"Digests\":{\"SHA1\":\"KCk6Ow\"}}]}";
        String rule = "c:[type == \"pcrs\", issuer==\"AttestationService\"] && c1:[type==\"pcrMatchesExpectedValue\", "
                + "value==JsonToClaimValue(JmesPath(c.value, \"PCRs[? Index == `0`].Digests.SHA1 | @[0] == `\\\"KCk6Ow\\\"`\"))]"
                + " => issue(claim = c1);";
        PolicyDecision d = issue(rule, Map.of("pcrs", pcrs, "pcrMatchesExpectedValue", true));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("pcrMatchesExpectedValue", true));
        assertThat(issue(rule, Map.of("pcrs", pcrs.replace("KCk6Ow", "AAAA"), "pcrMatchesExpectedValue", true))
                .issuedClaims()).isEmpty();
    }

    @Test
    void value_type_declares_and_converts() {
        PolicyDecision d = issue("""
                => issue(type="n", value="42", valueType="Integer");
                => issue(type="b", valueType="Boolean", value="true");
                c:[type=="n", valueType=="Integer"] => issue(type="typed", value=c.value);
                """, Map.of());
        assertThat(d.issuedClaims()).containsExactly(Map.entry("n", 42L), Map.entry("b", true), Map.entry("typed", 42L));
    }
}
