package dev.trustplane.kms.internal;

import dev.trustplane.kms.RotationPolicy;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Stored JSON of a rotation policy: {@code {"actions":[{"type","after","before"}],"expiry"}}. */
final class PolicyJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PolicyJson() {}

    static String write(RotationPolicy policy) {
        ObjectNode root = MAPPER.createObjectNode();
        var actions = root.putArray("actions");
        for (var a : policy.lifetimeActions()) {
            ObjectNode n = actions.addObject();
            n.put("type", a.type().name());
            a.timeAfterCreate().ifPresent(p -> n.put("after", p.toString()));
            a.timeBeforeExpiry().ifPresent(p -> n.put("before", p.toString()));
        }
        policy.expiryTime().ifPresent(p -> root.put("expiry", p.toString()));
        return root.toString();
    }

    static RotationPolicy read(String json, Instant created, Instant updated) {
        JsonNode root = MAPPER.readTree(json);
        List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
        for (JsonNode n : root.get("actions")) {
            actions.add(new RotationPolicy.LifetimeAction(RotationPolicy.ActionType.valueOf(n.get("type").asString()),
                    period(n, "after"), period(n, "before")));
        }
        return new RotationPolicy(actions, period(root, "expiry"), Optional.ofNullable(created), Optional.ofNullable(updated));
    }

    private static Optional<Period> period(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(Period.parse(node.get(field).asString())) : Optional.empty();
    }
}
