package dev.trustplane.governance.input;

import dev.trustplane.governance.Resource;
import dev.trustplane.governance.internal.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Azure does when a deployment creates a private endpoint to a resource of the same deployment: the
 * target gets a {@code privateEndpointConnections} entry (and child resource) for it, Approved when the
 * endpoint uses an automatic {@code privateLinkServiceConnections} entry, Pending for a
 * {@code manualPrivateLinkServiceConnections} one. Policies that count approved connections
 * (the baseline's private-endpoint rule, {@code a6abeaec}) or look for the child resource
 * (AuditIfNotExists built-ins) then see what they would see after deployment.
 */
public final class PrivateLinks {
    private PrivateLinks() {}

    /** The resources plus derived connection children; targets' bodies gain their connection entries. */
    public static List<Resource> link(List<Resource> resources) {
        List<Resource> out = new ArrayList<>(resources);
        // Index by the provider-relative part of the id, so templates' resourceId() values and real ids both match.
        Map<String, List<Resource>> byId = new HashMap<>();
        for (Resource r : resources) {
            byId.computeIfAbsent(key(r.id()), k -> new ArrayList<>()).add(r);
        }
        for (Resource pe : resources) {
            if (!"microsoft.network/privateendpoints".equalsIgnoreCase(pe.type())) {
                continue;
            }
            JsonNode props = Values.getIgnoreCase(pe.body(), "properties");
            connect(pe, Values.getIgnoreCase(props, "privateLinkServiceConnections"), "Approved", byId, out);
            connect(pe, Values.getIgnoreCase(props, "manualPrivateLinkServiceConnections"), "Pending", byId, out);
        }
        return out;
    }

    private static void connect(Resource pe, JsonNode connections, String status, Map<String, List<Resource>> byId,
            List<Resource> out) {
        if (connections == null || !connections.isArray()) {
            return;
        }
        for (JsonNode c : connections) {
            JsonNode cp = Values.getIgnoreCase(c, "properties");
            String target = Values.text(Values.getIgnoreCase(cp == null ? c : cp, "privateLinkServiceId"));
            if (target == null) {
                continue;
            }
            for (Resource r : byId.getOrDefault(key(target), List.of())) {
                ObjectNode connection = Values.object();
                String connName = r.name() + "/" + pe.name();
                connection.put("type", r.type() + "/privateEndpointConnections");
                connection.put("name", connName);
                ObjectNode p = connection.putObject("properties");
                p.putObject("privateEndpoint").put("id", pe.id());
                p.putObject("privateLinkServiceConnectionState").put("status", status);
                p.put("provisioningState", "Succeeded");
                if (r.body() instanceof ObjectNode body) {
                    JsonNode tp = Values.getIgnoreCase(body, "properties");
                    ObjectNode targetProps = tp instanceof ObjectNode o ? o : body.putObject("properties");
                    JsonNode existing = Values.getIgnoreCase(targetProps, "privateEndpointConnections");
                    ArrayNode list = existing instanceof ArrayNode a ? a : targetProps.putArray("privateEndpointConnections");
                    list.add(connection.deepCopy());
                }
                out.add(new Resource(connection, r.apiVersion(), pe.file(), pe.pointer()));
            }
        }
    }

    /** The part of a resource id from "/providers/" on, lower-case: resource groups and subscriptions are placeholders offline. */
    private static String key(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf("/providers/");
        return at < 0 ? lower : lower.substring(at);
    }
}
