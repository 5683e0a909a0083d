package dev.trustplane.kms.release;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A parsed, validated condition: a claim test or an allOf/anyOf group. Immutable. */
sealed interface Condition {

    /** JSON path of the condition in the policy, for explanations. */
    String path();

    /**
     * {@code claim <operator> value}. {@code value} is the policy's scalar (string, number or boolean);
     * {@code number} is its numeric value for the ordering operators (else null); {@code mustExist} is the
     * value of an {@code exists} test.
     */
    record Claim(String path, String claim, List<String> segments, Operator operator, JsonNode value,
            BigDecimal number, boolean mustExist) implements Condition {}

    /** {@code allOf} (every child holds) or {@code anyOf} (some child holds); never empty. */
    record Group(String path, boolean all, List<Condition> children) implements Condition {}

    /** An authority block: the issuer it applies to and its single top-level group. */
    record Authority(String path, String authority, String normalised, Group conditions) {}
}
