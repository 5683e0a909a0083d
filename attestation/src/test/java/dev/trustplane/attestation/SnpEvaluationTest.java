package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustplane.attestation.RuleTrace.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evaluation over realistic SEV-SNP claims: permit and deny paths, issuance, explanations. */
class SnpEvaluationTest {

    private static final String POLICY = """
            version=1.0;
            authorizationrules
            {
                [type=="x-ms-sevsnpvm-is-debuggable", value==false] &&
                [type=="x-ms-sevsnpvm-bootloader-svn", value>=3] &&
                [type=="x-ms-sevsnpvm-snpfw-svn", value>=8] &&
                [type=="x-ms-sevsnpvm-launchmeasurement", issuer=="AttestationService", value=="%s"]
                    => permit();
            };
            issuancerules
            {
                c:[type=="x-ms-sevsnpvm-is-debuggable"] => issue(type="sev-debug", value=c.value);
                m:[type=="x-ms-sevsnpvm-launchmeasurement"] && s:[type=="x-ms-sevsnpvm-guestsvn", value > 1]
                    => issue(type="workload", value=m.value);
                c:[type=="x-ms-compliance-status"] => add(type="compliant", value=true);
                c:[type=="compliant", issuer=="AttestationPolicy"] => issue(type="x-ms-compliance-status", value="ok");
                [type=="compliant", issuer=="AttestationService"] => issue(type="never", value=1);
            };
            """.formatted(Examples.MEASUREMENT);

    private static PolicyDecision run(String policy, boolean debug, int bootloader, int snpfw) {
        return AttestationPolicy.parse(policy).evaluate(PolicyInput.of(Examples.snpClaims(debug, bootloader, snpfw)));
    }

    @Test
    void genuine_production_vm_is_permitted_and_claims_issued_in_order() {
        PolicyDecision d = run(POLICY, false, 3, 8);
        assertThat(d.permitted()).isTrue();
        assertThat(d.issuedClaims()).containsExactly(
                Map.entry("sev-debug", false),
                Map.entry("workload", Examples.MEASUREMENT),
                Map.entry("x-ms-compliance-status", "ok"));
        assertThat(d.explanation().summary()).isEqualTo("permitted by authorizationrules line 4");
        List<RuleTrace> rules = d.explanation().rules();
        assertThat(rules).extracting(RuleTrace::outcome).containsExactly(
                Outcome.FIRED, Outcome.FIRED, Outcome.FIRED, Outcome.FIRED, Outcome.FIRED, Outcome.NOT_MATCHED);
        assertThat(rules.get(5).line()).isEqualTo(17);
        assertThat(rules.get(5).detail()).isEqualTo("condition 1 [type==\"compliant\", issuer==\"AttestationService\"]"
                + " failed: claims of that type hold compliant = true (issuer AttestationPolicy)");
    }

    @Test
    void debuggable_vm_is_denied_naming_the_failed_condition() {
        PolicyDecision d = run(POLICY, true, 3, 8);
        assertThat(d.permitted()).isFalse();
        assertThat(d.issuedClaims()).isEmpty();
        assertThat(d.explanation().summary()).isEqualTo("denied: no authorization rule permitted");
        RuleTrace auth = d.explanation().rules().get(0);
        assertThat(auth.section()).isEqualTo(PolicySection.AUTHORIZATION);
        assertThat(auth.outcome()).isEqualTo(Outcome.NOT_MATCHED);
        assertThat(auth.detail()).isEqualTo("condition 1 [type==\"x-ms-sevsnpvm-is-debuggable\", value==false] failed: "
                + "claims of that type hold x-ms-sevsnpvm-is-debuggable = true (issuer AttestationService)");
        assertThat(d.explanation().rules()).hasSize(1);
    }

    @Test
    void tcb_below_threshold_is_denied_at_the_threshold_condition() {
        assertThat(run(POLICY, false, 2, 8).explanation().rules().get(0).detail())
                .startsWith("condition 2 [type==\"x-ms-sevsnpvm-bootloader-svn\", value>=3] failed: claims of that type hold "
                        + "x-ms-sevsnpvm-bootloader-svn = 2");
        assertThat(run(POLICY, false, 4, 7).explanation().rules().get(0).detail()).startsWith("condition 3 ");
        assertThat(run(POLICY, false, 9, 9).permitted()).isTrue();
    }

    @Test
    void wrong_measurement_is_denied() {
        String other = POLICY.replace(Examples.MEASUREMENT, "00" + Examples.MEASUREMENT.substring(2));
        PolicyDecision d = run(other, false, 3, 8);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explanation().rules().get(0).detail()).startsWith("condition 4 ");
    }

    @Test
    void deny_overrides_an_earlier_permit_and_evaluation_continues() {
        String policy = """
                version=1.0;
                authorizationrules {
                    => permit();
                    [type=="x-ms-sevsnpvm-vmpl", value!=0] => deny();
                    [type=="x-ms-sevsnpvm-is-debuggable", value==true] => deny();
                    [type=="x-ms-attestation-type", value=="sevsnpvm"] => add(type="seen", value="yes");
                };
                issuancerules { => issue(type="x", value=1); };
                """;
        PolicyDecision debug = run(policy, true, 3, 8);
        assertThat(debug.permitted()).isFalse();
        assertThat(debug.issuedClaims()).isEmpty();
        assertThat(debug.explanation().summary()).isEqualTo("denied by authorizationrules line 5 (deny())");
        assertThat(debug.explanation().rules()).extracting(RuleTrace::outcome)
                .containsExactly(Outcome.FIRED, Outcome.NOT_MATCHED, Outcome.FIRED, Outcome.FIRED);
        assertThat(debug.explanation().rules().get(3).detail()).isEqualTo("add seen = \"yes\"");

        PolicyDecision prod = run(policy, false, 3, 8);
        assertThat(prod.permitted()).isTrue();
        assertThat(prod.issuedClaims()).containsExactly(Map.entry("x", 1L));
    }

    @Test
    void cross_reference_in_conditions_and_claim_copy() {
        String policy = """
                version=1.0;
                authorizationrules { => permit(); };
                issuancerules {
                    => add(type="expected-measurement", value="%s");
                    e:[type=="expected-measurement"] && m:[type=="x-ms-sevsnpvm-launchmeasurement", value==e.value]
                        => issue(claim=m);
                    e:[type=="expected-measurement"] && [type=="x-ms-sevsnpvm-hostdata", value==e.value]
                        => issue(type="hostdata-is-measurement", value=true);
                    v:[type=="x-ms-sevsnpvm-guestsvn"] => issue(type="svn-copy", value=v.value);
                    v:[type=="x-ms-sevsnpvm-guestsvn"] => issue(type="svn-copy", value=3);
                    r:[type=="x-ms-runtime"] => issue(type="runtime", value=r.value);
                };
                """.formatted(Examples.MEASUREMENT);
        PolicyDecision d = run(policy, false, 3, 8);
        assertThat(d.issuedClaims()).containsOnlyKeys("x-ms-sevsnpvm-launchmeasurement", "svn-copy", "runtime");
        assertThat(d.issuedClaims().get("x-ms-sevsnpvm-launchmeasurement")).isEqualTo(Examples.MEASUREMENT);
        assertThat(d.issuedClaims().get("svn-copy")).isEqualTo(List.of(2L, 3L));
        assertThat(d.issuedClaims().get("runtime")).isInstanceOf(Map.class);
        assertThat(d.explanation().rules().get(3).detail()).contains("x-ms-sevsnpvm-hostdata = \"0000");
    }

    @Test
    void type_mismatch_never_satisfies_a_comparison() {
        String policy = """
                version=1.0;
                authorizationrules {
                    [type=="x-ms-sevsnpvm-is-debuggable", value!="false"] => permit();
                    [type=="x-ms-sevsnpvm-guestsvn", value=="2"] => permit();
                };
                """;
        assertThat(run(policy, false, 3, 8).permitted()).isFalse();
    }

    @Test
    void runtime_and_init_time_data_become_claims() {
        String policy = """
                version=1.0;
                authorizationrules {
                    [type=="x-ms-inittime", value=="{\\"policy\\":\\"p1\\"}"] => permit();
                };
                """;
        PolicyInput input = new PolicyInput(Map.of("x-ms-attestation-type", "sevsnpvm"),
                Map.of("keys", List.of()), Map.of("policy", "p1"));
        assertThat(input.allClaims()).containsKeys("x-ms-runtime", "x-ms-inittime");
        assertThat(AttestationPolicy.parse(policy).evaluate(input).permitted()).isTrue();
    }
}
