package dev.trustplane.attestation;

/**
 * Bounds that keep parsing and evaluation finite and small whatever the policy or the evidence holds.
 * Exceeding a parse bound is a {@link PolicyParseException}; exceeding an evaluation bound denies with an
 * explanation naming the bound.
 *
 * @param maxPolicyChars longest policy text
 * @param maxRules most rules over all sections
 * @param maxConditionsPerRule most conditions in one rule
 * @param maxExpressionDepth deepest nesting of function calls
 * @param maxClaims most claims in the incoming set, including those rules add
 * @param maxStringLength longest string a literal or a function may produce
 * @param maxJsonDepth deepest JSON nesting a function will read, and deepest bracket nesting of a JMESPath query
 * @param maxJmesPathQueryLength longest JMESPath query
 * @param maxSteps most claim-property comparisons and function calls in one evaluation
 */
public record PolicyLimits(
        int maxPolicyChars,
        int maxRules,
        int maxConditionsPerRule,
        int maxExpressionDepth,
        int maxClaims,
        int maxStringLength,
        int maxJsonDepth,
        int maxJmesPathQueryLength,
        long maxSteps) {

    /** Defaults: far above any published policy, far below what could exhaust a server. */
    public static final PolicyLimits DEFAULT =
            new PolicyLimits(256 * 1024, 1_000, 64, 16, 10_000, 1024 * 1024, 64, 8 * 1024, 5_000_000L);

    /** Checks that every bound is positive. */
    public PolicyLimits {
        if (maxPolicyChars <= 0 || maxRules <= 0 || maxConditionsPerRule <= 0 || maxExpressionDepth <= 0
                || maxClaims <= 0 || maxStringLength <= 0 || maxJsonDepth <= 0 || maxJmesPathQueryLength <= 0
                || maxSteps <= 0) {
            throw new IllegalArgumentException("every policy limit must be positive");
        }
    }
}
