package dev.trustplane.kms.release;

/**
 * The first claim condition that failed, in evaluation order.
 *
 * @param authority the authority of the block it belongs to, as written in the policy
 * @param path      its JSON path in the policy, e.g. {@code anyOf[0].allOf[2]}
 * @param claim     the claim name as written (dot path)
 * @param operator  the operator as written on the wire ({@code equals}, {@code greaterOrEquals} …)
 * @param expected  the policy's value as JSON text ({@code "sevsnpvm"}, {@code 3}, {@code false})
 * @param found     the token's value as JSON text, {@code <missing>} when absent, {@code <object>} or
 *                  {@code <array>} for structured values; strings are capped in length
 */
public record FailedCondition(String authority, String path, String claim, String operator, String expected,
        String found) {
    /** The {@code found} value of a claim the token does not carry. */
    public static final String MISSING = "<missing>";
}
