package dev.trustplane.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded, seeded random testing: mutated example policies and generated well-formed policies. Whatever the
 * text, parsing ends in a policy or a {@link PolicyParseException}, and evaluation in a decision, quickly.
 */
class RandomPoliciesTest {
    private static final List<String> SEEDS = List.of("sgx-default-2020.policy", "sgx-default-2022.policy",
            "sgx-custom.policy", "sgx-multiple-enclaves.policy", "tpm-1-0.policy", "tpm-1-1.policy",
            "functions-1-2.policy", "tpm-1-2.policy");
    private static final String[] PIECES = {"[", "]", "(", ")", "{", "}", ";", ",", "&&", "=>", "==", "!=", "<=", "!",
        "c:", "c.value", "\"x\"", "\"", "1.2", "0x1F", "-5", "true", "version=1.2;", "issuancerules", "//", "/*",
        "JmesPath(", "JsonToClaimValue(", "NegateBool(", "\\", "\n", "issue(type=\"a\", value=", "permit()"};

    @Test
    void mutated_examples_parse_or_fail_cleanly() {
        Random random = new Random(20261123L);
        Map<String, Object> claims = Examples.snpClaims(false, 3, 8);
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(Examples.read(SEEDS.get(random.nextInt(SEEDS.size()))));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(sb.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> sb.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(8)));
                    default -> sb.insert(at, (char) random.nextInt(0x80));
                }
            }
            try {
                AttestationPolicy p = AttestationPolicy.parse(sb.toString());
                parsed++;
                assertThat(p.evaluate(PolicyInput.of(claims)).explanation()).isNotNull();
            } catch (PolicyParseException expected) {
                assertThat(expected.line()).isPositive();
            }
        }
        assertThat(parsed).isPositive();
    }

    @Test
    void generated_policies_evaluate_consistently() {
        Random random = new Random(7L);
        String[] types = {"x-ms-sevsnpvm-is-debuggable", "x-ms-sevsnpvm-bootloader-svn", "x-ms-sevsnpvm-guestsvn",
            "x-ms-attestation-type", "added"};
        String[] values = {"true", "false", "0", "3", "8", "\"sevsnpvm\"", "\"x\""};
        String[] ops = {"==", "!=", "<", "<=", ">", ">="};
        for (int i = 0; i < 500; i++) {
            StringBuilder auth = new StringBuilder();
            int rules = 1 + random.nextInt(5);
            boolean expectDeny = false;
            for (int r = 0; r < rules; r++) {
                String value = values[random.nextInt(values.length)];
                String op = value.startsWith("\"") || value.endsWith("e") ? ops[random.nextInt(2)] : ops[random.nextInt(6)];
                String cond = "[type==\"" + types[random.nextInt(types.length)] + "\", value" + op + value + "]";
                boolean deny = random.nextInt(4) == 0;
                auth.append(random.nextBoolean() ? "" : "!").append(cond).append(" => ")
                        .append(deny ? "deny();" : random.nextBoolean() ? "permit();" : "add(type=\"added\", value=3);")
                        .append('\n');
                expectDeny |= deny;
            }
            String policy = "version=1.2;\nauthorizationrules {\n" + auth + "};\nissuancerules { => issue(type=\"ok\", value=true); };";
            PolicyDecision d = AttestationPolicy.parse(policy).evaluate(PolicyInput.of(Examples.snpClaims(false, 3, 8)));
            boolean anyPermit = d.explanation().rules().stream().anyMatch(t -> "permit()".equals(t.detail()));
            boolean anyDeny = d.explanation().rules().stream().anyMatch(t -> "deny()".equals(t.detail()));
            assertThat(d.permitted()).as(policy).isEqualTo(anyPermit && !anyDeny);
            assertThat(d.issuedClaims()).as(policy).isEqualTo(d.permitted() ? Map.of("ok", true) : Map.of());
            if (!expectDeny) {
                assertThat(anyDeny).isFalse();
            }
        }
    }

    @Test
    void evaluation_budget_stops_runaway_policies() {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            rules.append("c:[type==\"a\"] && d:[type==\"a\"] => add(type=\"a\", value=AppendString(\"x\", \"y\"));\n");
        }
        PolicyLimits limits = new PolicyLimits(1 << 20, 1000, 64, 16, 150, 1024, 16, 100, 100_000);
        PolicyDecision d = AttestationPolicy.parse("version=1.2; authorizationrules { => permit(); }; issuancerules {"
                + rules + "};", limits).evaluate(PolicyInput.of(Map.of("a", 1)));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explanation().summary()).contains("more than 150 claims in the incoming set");
    }
}
