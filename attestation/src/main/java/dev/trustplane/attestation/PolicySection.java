package dev.trustplane.attestation;

/** The sections of a policy, in the order a policy states them and the evaluator runs them. */
public enum PolicySection {
    /** {@code configurationrules} (version 1.1+): {@code issueproperty} settings for the engine. */
    CONFIGURATION("configurationrules"),
    /** {@code authorizationrules}: {@code permit()}, {@code deny()}, {@code add()}. */
    AUTHORIZATION("authorizationrules"),
    /** {@code issuancerules}: {@code issue()}, {@code add()}, {@code issueproperty()}. */
    ISSUANCE("issuancerules");

    private final String keyword;

    PolicySection(String keyword) {
        this.keyword = keyword;
    }

    /** @return the section's keyword as policies spell it */
    public String keyword() {
        return keyword;
    }
}
