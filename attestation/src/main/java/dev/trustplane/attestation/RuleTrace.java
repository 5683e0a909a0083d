package dev.trustplane.attestation;

/**
 * What one rule did during an evaluation, for {@code ?explain=true} and {@code trustplane policy test}.
 *
 * @param section the rule's section
 * @param line 1-based line where the rule starts
 * @param column 1-based column where the rule starts
 * @param rule the rule's text as written
 * @param outcome whether its action ran
 * @param detail for {@link Outcome#FIRED} what the action did (e.g. {@code permit()},
 *     {@code issued sev-debug = false}); for {@link Outcome#NOT_MATCHED} which condition failed and what the
 *     claims held instead; for {@link Outcome#ERROR} the error
 */
public record RuleTrace(PolicySection section, int line, int column, String rule, Outcome outcome, String detail) {

    /** What happened to a rule. */
    public enum Outcome {
        /** Its conditions held and its action ran. */
        FIRED,
        /** A condition did not hold; the action did not run. */
        NOT_MATCHED,
        /** Evaluating it failed; the whole evaluation denies. */
        ERROR
    }

    @Override
    public String toString() {
        return section.keyword() + " line " + line + ": " + outcome + " — " + detail;
    }
}
