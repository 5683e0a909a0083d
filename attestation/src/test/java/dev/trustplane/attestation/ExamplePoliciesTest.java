package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every policy Microsoft publishes as an example parses (or, for one doc typo, fails exactly where it should). */
class ExamplePoliciesTest {

    @ParameterizedTest
    @CsvSource({
        "sgx-default-2020.policy, 1.0, 0, 1, 6",
        "sgx-default-2022.policy, 1.1, 1, 1, 6",
        "sgx-custom.policy, 1.0, 0, 1, 1",
        "sgx-multiple-enclaves.policy, 1.0, 0, 2, 0",
        "tpm-1-0.policy, 1.0, 0, 1, 1",
        "tpm-1-1.policy, 1.1, 2, 1, 2",
        "functions-1-2.policy, 1.2, 0, 1, 3",
        "tpm-pcrs-1-2.policy, 1.2, 0, 5, 0",
        "tpm-systemguard-1-2.policy, 1.2, 0, 1, 6",
        "vbs-enclave-1-2.policy, 1.2, 0, 1, 0",
        "tpm-issue-all-1-2.policy, 1.2, 0, 1, 2",
        "thomvanl-openenclave-1-1.policy, 1.1, 1, 1, 4",
    })
    void published_examples_parse(String file, String version, int config, int auth, int issuance) {
        AttestationPolicy p = AttestationPolicy.parse(Examples.read(file));
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.ruleCount(PolicySection.CONFIGURATION)).isEqualTo(config);
        assertThat(p.ruleCount(PolicySection.AUTHORIZATION)).isEqualTo(auth);
        assertThat(p.ruleCount(PolicySection.ISSUANCE)).isEqualTo(issuance);
    }

    @Test
    void tpm_1_2_sample_fails_at_its_positional_issue_argument() {
        assertThatThrownBy(() -> AttestationPolicy.parse(Examples.read("tpm-1-2.policy")))
                .isInstanceOfSatisfying(PolicyParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(26);
                    assertThat(e.column()).isEqualTo(51);
                    assertThat(e.found()).isEqualTo("string \"PlatformAttested\"");
                });
    }

    @Test
    void unsigned_jwt_example_carries_the_2020_default_policy() {
        PolicyUpload upload = PolicyUpload.parse(Examples.read("sgx-unsigned.jwt"));
        assertThat(upload.form()).isEqualTo(PolicyUpload.Form.UNSIGNED_JWT);
        assertThat(upload.header()).containsEntry("alg", "none");
        assertThat(upload.signature()).isEmpty();
        assertThat(upload.policyText()).startsWith("version= 1.0;authorizationrules{c:[type==\"$is-debuggable\"] => permit();};");
        AttestationPolicy p = AttestationPolicy.parse(upload.policyText());
        assertThat(p.ruleCount(PolicySection.ISSUANCE)).isEqualTo(6);
    }

    @Test
    void signed_jws_example_splits_and_its_policy_denies_debuggable_enclaves() {
        PolicyUpload upload = PolicyUpload.parse(Examples.read("sgx-signed-2022.jws"));
        assertThat(upload.form()).isEqualTo(PolicyUpload.Form.SIGNED_JWS);
        assertThat(upload.header()).containsEntry("alg", "RSA256").containsKey("x5c");
        assertThat(upload.signature()).hasSize(256);
        assertThat(upload.signingInput()).startsWith("eyJhbGciOiJSU0EyNTYi").doesNotEndWith(".");
        AttestationPolicy p = AttestationPolicy.parse(upload.policyText());

        PolicyDecision debug = p.evaluate(PolicyInput.of(Map.of("$is-debuggable", true, "$svn", 1)));
        assertThat(debug.permitted()).isFalse();
        assertThat(debug.explanation().summary()).isEqualTo("denied by authorizationrules line 1 (deny())");

        PolicyDecision prod = p.evaluate(PolicyInput.of(Map.of("$is-debuggable", false, "$svn", 1)));
        assertThat(prod.permitted()).isTrue();
        assertThat(prod.issuedClaims()).containsExactly(Map.entry("NotDebuggable", false),
                Map.entry("is-debuggable", false), Map.entry("svn", 1L));
    }

    @Test
    void sgx_default_2020_issues_legacy_claims_in_rule_order() {
        AttestationPolicy p = AttestationPolicy.parse(Examples.read("sgx-default-2020.policy"));
        PolicyDecision d = p.evaluate(PolicyInput.of(Map.of("$tee", "sgx", "$is-debuggable", false, "$svn", 3)));
        assertThat(d.permitted()).isTrue();
        assertThat(d.issuedClaims()).containsExactly(
                Map.entry("is-debuggable", false), Map.entry("svn", 3L), Map.entry("tee", "sgx"));
    }

    @Test
    void pcr_policy_permits_known_pcrs_only() {
        AttestationPolicy p = AttestationPolicy.parse(Examples.read("tpm-pcrs-1-2.policy"));
        String pcrs = """
                {"PCRs":[
                  {"Index":0,"Digests":{"SHA256":"4c833b1c361fceffd8dc0f81eec76081b71e1a0eb2193caed0b6e1c7735ec33e"}},
                  {"Index":1,"Digests":{"SHA256":"8c25e3be6ad6f5bd33c9ae40d5d5461e88c1a7366df0c9ee5c7e5ff40d3d1d0e"}},
                  {"Index":2,"Digests":{"SHA256":"3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969"}},
                  {"Index":3,"Digests":{"SHA256":"3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969"}}]}""";
        assertThat(p.evaluate(PolicyInput.of(Map.of("pcrs", pcrs))).permitted()).isTrue();
        PolicyDecision d = p.evaluate(PolicyInput.of(Map.of("pcrs", pcrs.replace("8c25", "0c25"))));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explanation().rules().get(4).detail()).isEqualTo("condition 2 [type==\"pcr1Validated\", value==true] "
                + "failed: claims of that type hold pcr1Validated = false (issuer AttestationPolicy)");
    }

    @Test
    void system_guard_policy_builds_a_query_from_claims_and_runs_it() {
        AttestationPolicy p = AttestationPolicy.parse(Examples.read("tpm-systemguard-1-2.policy"));
        String events = """
                {"Events":[
                  {"EventSeq":3,"EventTypeString":"EV_EVENT_TAG","PcrIndex":20,"ProcessedData":{"EVENT_DRTM_SMM":{"Value":2}}},
                  {"EventSeq":7,"EventTypeString":"EV_EVENT_TAG","PcrIndex":20,
                   "ProcessedData":{"EVENT_TRUSTBOUNDARY":{"EVENT_DRTM_STATE_AUTH":{"SignatureValid":true}}}}]}""";
        PolicyDecision d = p.evaluate(PolicyInput.of(Map.of("events", events)));
        assertThat(d.issuedClaims()).containsExactly(Map.entry("drtmMleValid", true), Map.entry("smmLevel", 2L));
    }

    @Test
    void tpm_1_1_configuration_properties_are_exposed() {
        AttestationPolicy p = AttestationPolicy.parse(Examples.read("tpm-1-1.policy"));
        PolicyDecision d = p.evaluate(PolicyInput.of(Map.of("aikValidated", false, "secureBootEnabled", true,
                "bootDebuggingDisabled", true, "notSafeMode", true)));
        assertThat(d.requiredPcrMask()).isEqualTo(15L);
        assertThat(d.requireValidAikCert()).isFalse();
        assertThat(d.issuedClaims()).containsExactly(Map.entry("PlatformAttested", false));
    }
}
