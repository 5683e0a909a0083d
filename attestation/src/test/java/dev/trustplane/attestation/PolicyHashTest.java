package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyHashTest {

    @Test
    void hash_is_base64url_of_sha256_of_base64url_text() {
        // Expected value computed independently (Python hashlib/base64) from the definition in claim-sets.md.
        String text = "version=1.0; authorizationrules { => permit(); }; issuancerules { };";
        assertThat(PolicyHash.of(text)).isEqualTo("Sm2kvBI0AWa2SMR3MHMNQnMFK8QX1ICjnxeqmCahkTU");
        assertThat(AttestationPolicy.parse(text).hash()).isEqualTo(PolicyHash.of(text));
    }

    @Test
    void hash_has_no_padding_and_changes_with_whitespace() {
        String a = PolicyHash.of("version=1.0;");
        assertThat(a).hasSize(43).doesNotContain("=", "+", "/");
        assertThat(PolicyHash.of("version=1.0; ")).isNotEqualTo(a);
    }
}
