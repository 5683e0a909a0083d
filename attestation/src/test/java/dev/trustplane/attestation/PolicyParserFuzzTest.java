package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz target for the policy parser and evaluator. In a normal test run only the seed corpus in
 * {@code src/test/resources/dev/trustplane/attestation/PolicyParserFuzzTestInputs/} runs; run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl attestation test -Dtest=PolicyParserFuzzTest} to fuzz.
 *
 * <p>Properties: parsing either succeeds or throws {@link PolicyParseException} with a position inside the text
 * (nothing else, no stack overflow); a parsed policy evaluates over SEV-SNP claims without throwing.
 */
class PolicyParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse_and_evaluate(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        AttestationPolicy policy;
        try {
            policy = AttestationPolicy.parse(text);
        } catch (PolicyParseException e) {
            assertThat(e.line()).isBetween(1, text.length() + 1);
            assertThat(e.column()).isBetween(1, text.length() + 1);
            return;
        }
        PolicyDecision d = policy.evaluate(PolicyInput.of(Examples.snpClaims(false, 3, 8)));
        assertThat(d.explanation().summary()).isNotEmpty();
    }
}
