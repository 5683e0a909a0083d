package dev.trustplane.governance;

/**
 * The result of one policy (an initiative reference) on one resource.
 *
 * @param referenceId the initiative's {@code policyDefinitionReferenceId} (or the definition name)
 * @param explanation the condition tree with each node's value, when an explanation was asked for
 */
public record Finding(Resource resource, String referenceId, PolicyDefinition definition, Effect effect,
        Outcome outcome, String message, String explanation) {

    public enum Outcome {
        /** The rule's conditions matched: the effect applies. */
        NON_COMPLIANT,
        /** The rule's conditions did not match, or the related resource exists. */
        COMPLIANT,
        /** The existence check needs data only Azure has at run time (e.g. Defender assessments). */
        NOT_EVALUATED_OFFLINE
    }

    /** A violation that fails the gate: non-compliant under a blocking effect, or any non-compliance when audits fail too. */
    public boolean fails(boolean failOnAudit) {
        return outcome == Outcome.NON_COMPLIANT && (effect.blocks() || failOnAudit);
    }
}
