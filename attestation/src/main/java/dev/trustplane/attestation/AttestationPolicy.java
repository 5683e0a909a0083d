package dev.trustplane.attestation;

import dev.trustplane.attestation.internal.Ast;
import dev.trustplane.attestation.internal.Claim;
import dev.trustplane.attestation.internal.Evaluator;
import dev.trustplane.attestation.internal.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Microsoft Azure Attestation policy (language versions 1.0, 1.1, 1.2), ready to evaluate.
 *
 * <p>The grammar is documented on {@code dev.trustplane.attestation.internal.Parser}, the evaluation semantics on
 * {@code dev.trustplane.attestation.internal.Evaluator}, each with its sources in Microsoft's documentation.
 * Instances are immutable and thread-safe; evaluation never throws for any claims, it denies and explains.
 */
public final class AttestationPolicy {
    private final String text;
    private final Ast.Policy ast;
    private final PolicyLimits limits;
    private final String hash; // once: every token and decision record names it

    private AttestationPolicy(String text, Ast.Policy ast, PolicyLimits limits) {
        this.text = text;
        this.ast = ast;
        this.limits = limits;
        this.hash = PolicyHash.of(text);
    }

    /**
     * @param text the policy text
     * @return the parsed policy, evaluated under {@link PolicyLimits#DEFAULT}
     * @throws PolicyParseException naming the line, column and what was expected
     */
    public static AttestationPolicy parse(String text) {
        return parse(text, PolicyLimits.DEFAULT);
    }

    /**
     * @param text the policy text
     * @param limits parse and evaluation bounds
     * @return the parsed policy
     * @throws PolicyParseException naming the line, column and what was expected
     */
    public static AttestationPolicy parse(String text, PolicyLimits limits) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(limits, "limits");
        return new AttestationPolicy(text, Parser.parse(text, limits), limits);
    }

    /** @return the policy text as given */
    public String text() {
        return text;
    }

    /** @return the language version: "1.0", "1.1" or "1.2" */
    public String version() {
        return ast.version();
    }

    /** @return the number of rules in a section */
    public int ruleCount(PolicySection section) {
        return switch (section) {
            case CONFIGURATION -> ast.configuration().size();
            case AUTHORIZATION -> ast.authorization().size();
            case ISSUANCE -> ast.issuance().size();
        };
    }

    /** @return {@code x-ms-policy-hash} of the text, as MAA computes it ({@link PolicyHash}) */
    public String hash() {
        return hash;
    }

    /**
     * Evaluates the policy over incoming claims.
     *
     * @param input the incoming claims (issuer AttestationService)
     * @return whether authorization permitted, the issued and property claims, and the explanation
     */
    public PolicyDecision evaluate(PolicyInput input) {
        List<Claim> claims = new ArrayList<>();
        for (Map.Entry<String, Object> e : input.allClaims().entrySet()) {
            claims.add(new Claim(e.getKey(), Claim.fromEvidence(e.getValue()), Claim.SERVICE));
        }
        return Evaluator.evaluate(ast, claims, limits);
    }

    @Override
    public String toString() {
        return "AttestationPolicy[version=" + version() + ", hash=" + hash() + "]";
    }
}
