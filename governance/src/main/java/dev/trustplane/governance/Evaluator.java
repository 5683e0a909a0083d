package dev.trustplane.governance;

import dev.trustplane.governance.internal.Conditions;
import dev.trustplane.governance.internal.EvalError;
import dev.trustplane.governance.internal.Functions;
import dev.trustplane.governance.internal.RuleContext;
import dev.trustplane.governance.internal.Trace;
import dev.trustplane.governance.internal.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates initiatives over the resources of one deployment, offline, as Azure Policy would at
 * deployment time: per resource and reference, the mode filter, the {@code if} tree, then the effect;
 * AuditIfNotExists/DeployIfNotExists look for the related resource among the same deployment's resources.
 * Thread-safe for concurrent calls with different inputs.
 */
public final class Evaluator {
    private final AliasTable aliases;
    private final Instant now;
    private final boolean explain;

    public Evaluator(AliasTable aliases, Instant now, boolean explain) {
        this.aliases = aliases;
        this.now = now;
        this.explain = explain;
    }

    /** Every finding (compliant ones included) of {@code set} with {@code params} over {@code resources}. */
    public List<Finding> evaluate(PolicySet set, Map<String, JsonNode> params, List<Resource> resources)
            throws GovernanceException {
        Map<String, Map<String, JsonNode>> bound = set.bind(params);
        JsonNode rg = resourceGroup(resources);
        Map<String, List<Resource>> byType = new HashMap<>();
        for (Resource r : resources) {
            byType.computeIfAbsent(String.valueOf(r.type()).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
        }
        List<Finding> out = new ArrayList<>();
        for (Resource r : resources) {
            for (PolicySet.Reference ref : set.references()) {
                Finding f = evaluate(ref, bound.get(ref.referenceId()), r, byType, rg);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private Finding evaluate(PolicySet.Reference ref, Map<String, JsonNode> params, Resource r,
            Map<String, List<Resource>> all, JsonNode rg) throws GovernanceException {
        PolicyDefinition d = ref.definition();
        if (!applies(d.mode(), r)) {
            return null;
        }
        RuleContext ctx = new RuleContext(r, aliases, params, rg, now);
        String base = "/properties/policyRule";
        Effect effect = effect(d, ctx, base);
        if (effect == Effect.DISABLED) {
            return null;
        }
        Trace trace = explain ? new Trace("if") : null;
        boolean matched;
        try {
            matched = Conditions.eval(d.rule().get("if"), base + "/if", ctx, trace);
        } catch (EvalError e) {
            throw new GovernanceException(d.file(), e.jsonPath(), "evaluating " + r.describe() + ": " + e.getMessage());
        }
        if (trace != null) {
            trace.set(matched);
        }
        if (!matched) {
            return finding(ref, r, effect, Finding.Outcome.COMPLIANT, "the rule does not apply or is satisfied", trace);
        }
        if (effect == Effect.AUDITIFNOTEXISTS || effect == Effect.DEPLOYIFNOTEXISTS) {
            return existence(ref, r, all, ctx, effect, trace);
        }
        return finding(ref, r, effect, Finding.Outcome.NON_COMPLIANT, message(d), trace);
    }

    /** Indexed mode evaluates only resources that carry a location (tracked resources), never resource groups. */
    private static boolean applies(String mode, Resource r) {
        if (mode.equalsIgnoreCase("All")) {
            return true;
        }
        return !"microsoft.resources/resourcegroups".equalsIgnoreCase(r.type()) && !Values.nullish(r.body().get("location"));
    }

    private static Effect effect(PolicyDefinition d, RuleContext ctx, String base) throws GovernanceException {
        JsonNode e = d.rule().get("then").get("effect");
        try {
            String text = Values.text(e.isString() ? Functions.evalString(e.stringValue(), ctx) : e);
            Effect effect = text == null ? null : Effect.parse(text);
            if (effect == null) {
                throw new GovernanceException(d.file(), base + "/then/effect", "unknown effect " + Values.show(e));
            }
            return effect;
        } catch (EvalError err) {
            throw new GovernanceException(d.file(), base + "/then/effect", err.getMessage());
        }
    }

    private Finding existence(PolicySet.Reference ref, Resource r, Map<String, List<Resource>> byType, RuleContext ctx,
            Effect effect,
            Trace trace) throws GovernanceException {
        PolicyDefinition d = ref.definition();
        String base = "/properties/policyRule/then/details";
        JsonNode details = d.rule().get("then").get("details");
        if (details == null || !details.isObject()) {
            throw new GovernanceException(d.file(), base, effect.display() + " needs 'details'");
        }
        for (String member : List.of("type", "name")) {
            JsonNode m = details.get(member);
            if (m != null && !m.isString()) {
                throw new GovernanceException(d.file(), base + "/" + member, "'" + member + "' must be a string");
            }
        }
        String type;
        String name;
        try {
            type = Values.text(Functions.evalString(details.path("type").asString(), ctx));
            JsonNode n = details.get("name");
            name = n == null ? null : Values.text(Functions.evalString(n.asString(), ctx));
        } catch (EvalError err) {
            throw new GovernanceException(d.file(), base, err.getMessage());
        }
        if (type == null) {
            throw new GovernanceException(d.file(), base + "/type", "details need the related resource 'type'");
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("microsoft.security/")) {
            return finding(ref, r, effect, Finding.Outcome.NOT_EVALUATED_OFFLINE, "the related " + type
                    + " is produced by Microsoft Defender for Cloud at run time", trace);
        }
        JsonNode condition = details.get("existenceCondition");
        Trace exists = trace == null ? null : trace.child("related " + type + (name == null ? "" : " '" + name + "'"));
        boolean child = type.toLowerCase(Locale.ROOT).startsWith(r.type().toLowerCase(Locale.ROOT) + "/");
        for (Resource candidate : byType.getOrDefault(type.toLowerCase(Locale.ROOT), List.of())) {
            if (!related(r, candidate, name, child)) {
                continue;
            }
            boolean ok = true;
            if (condition != null) {
                try {
                    ok = Conditions.eval(condition, base + "/existenceCondition", new ExistenceContext(ctx, candidate).ctx(),
                            exists == null ? null : exists.child(candidate.describe()));
                } catch (EvalError err) {
                    throw new GovernanceException(d.file(), err.jsonPath(), err.getMessage());
                }
            }
            if (ok) {
                if (exists != null) {
                    exists.set(true);
                }
                return finding(ref, r, effect, Finding.Outcome.COMPLIANT, "related resource " + candidate.describe()
                        + " satisfies the existence condition", trace);
            }
        }
        return finding(ref, r, effect, Finding.Outcome.NON_COMPLIANT, message(d) + " (no related " + type
                + " in the deployment satisfies the existence condition)", trace);
    }

    private static boolean related(Resource r, Resource candidate, String name, boolean child) {
        String cn = candidate.name() == null ? "" : candidate.name();
        if (child) {
            String prefix = r.name() + "/";
            if (!cn.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return false;
            }
            return name == null || cn.equalsIgnoreCase(prefix + name) || cn.equalsIgnoreCase(name);
        }
        return name == null || cn.equalsIgnoreCase(name) || cn.toLowerCase().endsWith("/" + name.toLowerCase());
    }

    /** In an existence condition, {@code field} conditions read the related resource; {@code [field()]} the evaluated one. */
    private record ExistenceContext(RuleContext evaluated, Resource related) {
        RuleContext ctx() {
            return evaluated.on(related);
        }
    }

    private Finding finding(PolicySet.Reference ref, Resource r, Effect effect, Finding.Outcome outcome, String message,
            Trace trace) {
        return new Finding(r, ref.referenceId(), ref.definition(), effect, outcome, message,
                trace == null ? null : trace.render());
    }

    private static String message(PolicyDefinition d) {
        return d.displayName() == null ? d.name() : d.displayName();
    }

    private static JsonNode resourceGroup(List<Resource> resources) {
        String location = resources.stream().map(x -> Values.text(x.body().get("location"))).filter(x -> x != null)
                .findFirst().orElse("westeurope");
        return Values.object().put("id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/deployment")
                .put("name", "deployment").put("location", location).put("managedBy", "");
    }
}
