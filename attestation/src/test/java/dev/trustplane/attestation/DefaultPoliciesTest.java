package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefaultPoliciesTest {

    @ParameterizedTest
    @EnumSource(AttestationType.class)
    void every_default_parses_and_permits_genuine_evidence(AttestationType type) {
        AttestationPolicy p = DefaultPolicies.of(type);
        assertThat(p).isNotNull();
        assertThat(AttestationType.fromRouteName(type.routeName().toLowerCase())).contains(type);
        PolicyDecision d = p.evaluate(PolicyInput.of(Examples.snpClaims(true, 0, 0)));
        assertThat(d.permitted()).isTrue();
        assertThat(d.explanation().summary()).startsWith("permitted by authorizationrules line ");
    }

    @Test
    void sgx_default_issues_legacy_names_and_pins_the_tcb_baseline() {
        PolicyDecision d = DefaultPolicies.of(AttestationType.SGX_ENCLAVE).evaluate(PolicyInput.of(Map.of(
                "x-ms-attestation-type", "sgx", "x-ms-sgx-is-debuggable", false, "x-ms-sgx-mrsigner", "ab",
                "x-ms-sgx-mrenclave", "cd", "x-ms-sgx-product-id", 1, "x-ms-sgx-svn", 2)));
        assertThat(d.properties()).containsEntry("x-ms-sgx-tcbidentifier", "azuredefault");
        assertThat(d.issuedClaims()).containsExactly(Map.entry("is-debuggable", false), Map.entry("sgx-mrsigner", "ab"),
                Map.entry("sgx-mrenclave", "cd"), Map.entry("product-id", 1L), Map.entry("svn", 2L),
                Map.entry("tee", "sgx"));
        assertThat(d.requireValidAikCert()).isTrue();
        assertThat(d.requiredPcrMask()).isEqualTo(0xFFFFFFL);
    }
}
