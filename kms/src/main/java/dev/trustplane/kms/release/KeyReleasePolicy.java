package dev.trustplane.kms.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A parsed and validated Secure Key Release policy in Key Vault's grammar, and its evaluation against the
 * claims of a verified attestation token. Immutable and thread-safe. The grammar and every semantic decision
 * (value types, missing claims, {@code exists: false}, top-level {@code allOf}, issuer normalisation, limits)
 * are described in {@code docs/secure-key-release.md}.
 *
 * <p>Evaluation is pure: the caller has already verified the token's signature, lifetime and issuer trust;
 * this class only decides whether the claims satisfy the policy, and explains why in text fit for the API client.
 */
public final class KeyReleasePolicy {
    private static final int MAX_ISSUER_DISPLAY = 256;

    private final boolean allOfAuthorities;
    private final List<Condition.Authority> blocks;

    KeyReleasePolicy(boolean allOfAuthorities, List<Condition.Authority> blocks) {
        this.allOfAuthorities = allOfAuthorities;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses and validates a policy document (UTF-8 JSON, the decoded {@code release_policy.data}).
     *
     * @throws InvalidReleasePolicyException naming the JSON path of the bad node, e.g.
     *         {@code anyOf[0].allOf[2]: unknown operator 'equal'}
     */
    public static KeyReleasePolicy parse(byte[] policyJson) {
        Objects.requireNonNull(policyJson, "policyJson");
        return PolicyParser.parse(policyJson);
    }

    /**
     * Evaluates the policy for a token from {@code issuer} carrying {@code claims} (the JWT claims set). Authority
     * blocks whose authority does not match the issuer are skipped; under the documented top-level {@code anyOf}
     * one matching, satisfied block allows the release. Never throws on claim shapes: a missing or mistyped
     * claim just fails its condition.
     */
    public ReleaseVerdict evaluate(String issuer, JsonNode claims) {
        String normalised = issuer == null ? null : Authorities.normalise(issuer);
        List<Condition.Authority> matching = blocks.stream().filter(b -> b.normalised().equals(normalised)).toList();
        if (matching.isEmpty()) {
            return new ReleaseVerdict(false, "no authority in the policy matches issuer "
                    + (issuer == null ? "<none>" : Scalars.quote(issuer.length() > MAX_ISSUER_DISPLAY
                            ? issuer.substring(0, MAX_ISSUER_DISPLAY) : issuer)), Optional.empty());
        }
        Evaluator evaluator = new Evaluator(claims);
        Evaluator.Failure first = null;
        for (Condition.Authority block : matching) {
            Evaluator.Failure failure = evaluator.check(block);
            if (failure == null && !allOfAuthorities) {
                return new ReleaseVerdict(true, "authority block " + block.path() + " (" + shown(block) + ") is satisfied",
                        Optional.empty());
            }
            if (failure != null && first == null) {
                first = failure;
                if (allOfAuthorities) {
                    break;
                }
            }
        }
        if (first == null) {
            return new ReleaseVerdict(true, "all " + matching.size() + " authority blocks of the top-level allOf ("
                    + shown(matching.getFirst()) + ") are satisfied", Optional.empty());
        }
        return new ReleaseVerdict(false, first.explanation(), Optional.of(first.condition()));
    }

    /** The authorities of the policy's blocks, in order and as written. */
    public List<String> authorities() {
        return blocks.stream().map(Condition.Authority::authority).toList();
    }

    /**
     * Whether some block's authority names {@code issuer}, after normalising both (scheme and host case, default
     * port, trailing slashes).
     */
    public boolean matchesAuthority(String issuer) {
        if (issuer == null) {
            return false;
        }
        String normalised = Authorities.normalise(issuer);
        return blocks.stream().anyMatch(b -> b.normalised().equals(normalised));
    }

    static String shown(Condition.Authority block) {
        String a = block.authority();
        return a.length() > MAX_ISSUER_DISPLAY ? a.substring(0, MAX_ISSUER_DISPLAY) + "…" : a;
    }
}
